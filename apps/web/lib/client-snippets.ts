/** What a team pastes into its environment or code to use a distribution. */
export interface ClientSnippets {
  endpoint: string;
  shell: string;
  python: string;
  javascript: string;
}

export function clientSnippets(contentUrl: string, basePath: string, isPublic: boolean): ClientSnippets {
  const endpoint = `${contentUrl.replace(/\/+$/, "")}/${basePath}`;
  const token = isPublic ? "" : "\nexport HF_TOKEN=<your access token>";
  return {
    endpoint,
    shell: `export HF_ENDPOINT=${endpoint}${token}`,
    python: [
      "import os",
      `os.environ["HF_ENDPOINT"] = "${endpoint}"  # before importing huggingface_hub`,
      "from huggingface_hub import hf_hub_download",
      'hf_hub_download("gpt2", "config.json")',
    ].join("\n"),
    javascript: [
      'import { downloadFile } from "@huggingface/hub";',
      `await downloadFile({ repo: "gpt2", path: "config.json", hubUrl: "${endpoint}"${isPublic ? "" : ", accessToken: process.env.HF_TOKEN"} });`,
    ].join("\n"),
  };
}
