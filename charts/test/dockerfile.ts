// A small Dockerfile reader: instructions with their stage, continuation lines
// joined and comments dropped. Enough to check the images' properties and to
// replay their file-assembling steps without a Docker engine.
import { readFileSync } from 'node:fs';

export interface Instruction {
  keyword: string;
  args: string;
  /** Name (or index) of the stage the instruction belongs to; '' before the first FROM. */
  stage: string;
  /** The comment lines right above the instruction. */
  comment: string;
}

export interface Dockerfile {
  instructions: Instruction[];
  stages: string[];
  /** Defaults of ARGs declared before the first FROM. */
  globalArgs: Record<string, string>;
}

export function readDockerfile(path: string): Dockerfile {
  const lines = readFileSync(path, 'utf8').split('\n');
  const instructions: Instruction[] = [];
  const stages: string[] = [];
  const globalArgs: Record<string, string> = {};
  let stage = '';
  let comment: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    if (/^\s*#/.test(line)) {
      comment.push(line.replace(/^\s*#\s?/, ''));
      continue;
    }
    if (!line.trim()) {
      comment = [];
      continue;
    }
    while (line.endsWith('\\') && i + 1 < lines.length) {
      i++;
      const next = lines[i] ?? '';
      if (/^\s*#/.test(next)) continue;
      line = `${line.slice(0, -1)} ${next.trim()}`;
    }
    const match = /^\s*(\w+)\s+(.*)$/.exec(line);
    if (!match) throw new Error(`${path}:${i + 1}: cannot read "${line}"`);
    const keyword = (match[1] ?? '').toUpperCase();
    const args = (match[2] ?? '').trim();
    if (keyword === 'FROM') {
      stage = /\sAS\s+(\S+)/i.exec(args)?.[1] ?? String(stages.length);
      stages.push(stage);
    }
    if (keyword === 'ARG' && stages.length === 0) {
      const [name, value = ''] = args.split('=');
      if (name) globalArgs[name] = value;
    }
    instructions.push({ keyword, args, stage, comment: comment.join('\n') });
    comment = [];
  }
  return { instructions, stages, globalArgs };
}

export const finalStage = (d: Dockerfile) => d.stages[d.stages.length - 1] ?? '';

export const inStage = (d: Dockerfile, stage: string) =>
  d.instructions.filter((i) => i.stage === stage);

/** COPY arguments without flags: sources and destination. */
export function copyParts(args: string): { from?: string; sources: string[]; dest: string } {
  const words = args.split(/\s+/);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const paths = words.filter((w) => !w.startsWith('--'));
  const dest = paths.pop() ?? '';
  return { from, sources: paths, dest };
}

/** The JSON-array (exec) form of CMD/ENTRYPOINT. */
export function execForm(args: string): string[] {
  const parsed = JSON.parse(args) as unknown;
  if (!Array.isArray(parsed)) throw new Error(`not an exec-form array: ${args}`);
  return parsed.map(String);
}
