// Bundles the workflow code once, at image build time, so a production worker
// starts in well under a second and runs exactly the code that was reviewed:
//   node src/build-workflow-bundle.ts dist/workflow-bundle.js
// then start the worker with WORKFLOW_BUNDLE_PATH=dist/workflow-bundle.js.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from './worker.ts';

export async function buildWorkflowBundle(outFile: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath });
  const path = resolve(outFile);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, code);
  return path;
}

if (import.meta.main) {
  const outFile = process.argv[2];
  if (!outFile) {
    console.error('usage: node src/build-workflow-bundle.ts <out-file.js>');
    process.exit(2);
  }
  console.log(`workflow bundle written to ${await buildWorkflowBundle(outFile)}`);
}
