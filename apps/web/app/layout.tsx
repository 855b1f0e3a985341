import type { ReactNode } from "react";
import "./globals.css";

export const metadata = { title: "Hubcache", description: "A pull-through cache for the Hugging Face Hub" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
