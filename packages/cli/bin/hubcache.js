#!/usr/bin/env node
// The compiled CLI (npm run build; `npm install` at the repository's root and `npm pack` build it).
import { main } from "../dist/main.js";

process.exitCode = await main(process.argv.slice(2));
