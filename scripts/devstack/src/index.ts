export { loadConfig, versions, devCredentials, buckets } from './config.ts';
export type { StackConfig } from './config.ts';
export { up, down, status, selectServices, StackError } from './stack.ts';
export { stackEnv } from './stack-env.ts';
export { installKubernetesTools, kubernetesToolVersions } from './toolchain.ts';
export type { KubernetesTools } from './toolchain.ts';
