import { TokensConsole } from "./tokens-console.tsx";

export const metadata = { title: "Access tokens · Hubcache" };

export default function TokensPage() {
  return (
    <main>
      <TokensConsole />
    </main>
  );
}
