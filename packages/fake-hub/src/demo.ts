import type { FakeHub } from "./server.ts";

const config = (modelType: string): string => {
  const value = { model_type: modelType, hidden_size: 64, num_hidden_layers: 2, vocab_size: 1000 };
  return `${JSON.stringify(value, null, 2)}\n`;
};

/** Seeds a small set of demo repos (what the CLI serves). */
export function seedDemoRepos(hub: FakeHub): void {
  hub.addRepo({
    id: "demo/tiny-model",
    tags: ["v1.0"],
    files: {
      "config.json": config("llama"),
      "README.md": "---\nlicense: mit\n---\n# tiny-model\n\nA tiny demo model served by the fake hub.\n",
      "model.safetensors": { size: 2 * 1024 * 1024, seed: 1 },
      "tokenizer/tokenizer.json": JSON.stringify({ version: "1.0", model: { type: "BPE", vocab: {} } }),
      "tokenizer/tokenizer_config.json": JSON.stringify({ model_max_length: 512 }),
      "onnx/model.onnx": { size: 64 * 1024, seed: 2 },
    },
  });
  hub.addRepo({
    type: "dataset",
    id: "demo/tiny-dataset",
    files: {
      "README.md": "---\nlicense: cc-by-4.0\n---\n# tiny-dataset\n",
      "data/train-00000-of-00001.parquet": { size: 256 * 1024, seed: 3 },
      "data/test.csv": "id,text,label\n1,hello,0\n2,world,1\n",
    },
  });
  hub.addRepo({
    type: "space",
    id: "demo/tiny-space",
    files: {
      "README.md": "---\ntitle: tiny-space\nsdk: gradio\n---\n",
      "app.py": 'import gradio as gr\n\ngr.Interface(lambda x: x, "text", "text").launch()\n',
      "requirements.txt": "gradio\n",
    },
  });
  hub.addRepo({ id: "gpt2", files: { "config.json": config("gpt2") } });
}
