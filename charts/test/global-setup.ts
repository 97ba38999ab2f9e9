import { installKubernetesTools, loadConfig } from '@canopy/devstack';
import type { KubernetesTools } from '@canopy/devstack';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    k8sTools: KubernetesTools;
  }
}

export default function setup(project: TestProject) {
  project.provide('k8sTools', installKubernetesTools(loadConfig()));
}
