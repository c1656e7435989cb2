/**
 * The webgpu tests run on SwiftShader, the Vulkan driver that emulates a GPU
 * on the CPU and ships with Debian's Chromium: Dawn accepts it (Mesa's
 * lavapipe it refuses), so CI machines without a GPU still run the webgpu
 * backend's real shaders. It also needs the Vulkan loader (libvulkan1).
 * Where either is missing the suites are skipped with the reason, except with
 * CI=true, where that is a failure (.ci/run installs both).
 */
import { existsSync } from 'node:fs';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const VULKAN_LOADERS = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib64/libvulkan.so.1', '/usr/lib/libvulkan.so.1'];

/** The environment that makes Dawn see SwiftShader (and only it). */
export const SWIFTSHADER_ENV = { VK_ICD_FILENAMES: SWIFTSHADER_ICD } as const;

/** Why SwiftShader cannot run here, or undefined when it can. Throws under CI=true instead of skipping. */
export function swiftShaderMissing(): string | undefined {
  const missing = !existsSync(SWIFTSHADER_ICD)
    ? `${SWIFTSHADER_ICD} is missing (apt-get install chromium)`
    : !VULKAN_LOADERS.some((path) => existsSync(path))
      ? 'the Vulkan loader is missing (apt-get install libvulkan1)'
      : undefined;
  if (missing && process.env.CI === 'true') throw new Error(`The webgpu tests need SwiftShader: ${missing}.`);
  if (missing) console.warn(`\n*** webgpu tests SKIPPED: ${missing} ***\n`);
  return missing;
}

/** Points this process's Dawn at SwiftShader; call before the webgpu backend starts. Returns the skip reason, if any. */
export function useSwiftShader(): string | undefined {
  const missing = swiftShaderMissing();
  if (!missing) Object.assign(process.env, SWIFTSHADER_ENV);
  return missing;
}
