export function findElectronRuntime(root: string, env?: NodeJS.ProcessEnv): { path: string | null; reason?: string };
