#!/usr/bin/env node
/** `npm run rules`: the README's table of extraction rules, printed from the registry. */
import { rulesTable } from "./registry.js";

process.stdout.write(`${rulesTable()}\n`);
