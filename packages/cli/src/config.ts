import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** What `hubcache login` keeps: the instance's URL and an API token. */
export interface StoredConfig {
  url: string;
  token: string;
}

/** `$XDG_CONFIG_HOME/hubcache/config.json` (default `~/.config/hubcache/config.json`). */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(homedir(), ".config");
  return join(base, "hubcache", "config.json");
}

export async function readConfig(env: NodeJS.ProcessEnv = process.env): Promise<Partial<StoredConfig>> {
  let text: string;
  try {
    text = await readFile(configPath(env), "utf8");
  } catch {
    return {};
  }
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    return {
      ...(typeof parsed.url === "string" ? { url: parsed.url } : {}),
      ...(typeof parsed.token === "string" ? { token: parsed.token } : {}),
    };
  } catch {
    return {};
  }
}

/** Writes the file readable by its owner only (0600, its folder 0700). */
export async function writeConfig(
  config: StoredConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const path = configPath(env);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600); // an existing file keeps its mode on write
  return path;
}
