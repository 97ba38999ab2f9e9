// Temporal's time-skipping test server for months-long goal timers. The
// SDK's own download of it does not work on our machines, so it comes from
// Maven Central (io.temporal:temporal-test-server, see DESIGN.md): fetched
// once into ~/.cache/canopy with its dependencies, run through a wrapper that
// the SDK starts as `<wrapper> <port>`.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';

const version = '1.31.0';
const home = join(homedir(), '.cache', 'canopy', `temporal-test-server-${version}`);
const lib = join(home, 'lib');

function ensureServer(): string {
  const jar = `temporal-test-server-${version}.jar`;
  if (!existsSync(lib) || !readdirSync(lib).includes(jar)) {
    mkdirSync(home, { recursive: true });
    writeFileSync(
      join(home, 'pom.xml'),
      `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>canopy</groupId><artifactId>temporal-test-server-fetch</artifactId><version>1</version>
<dependencies><dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId><version>${version}</version></dependency></dependencies>
</project>\n`,
    );
    execFileSync('mvn', ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${lib}`], {
      cwd: home,
      stdio: 'inherit',
    });
  }
  const wrapper = join(home, 'test-server.sh');
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec java -cp '${lib}/*' io.temporal.testserver.TestServer "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  return wrapper;
}

/** A time-skipping environment on the Java test server. */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: ensureServer() } },
  });
}
