#!/usr/bin/env node
// The CLI runs from source through tsx, so a checkout needs no build step before `npx clausemark`.
import { register } from 'tsx/esm/api';

register();
await import('../src/main/cli/main.ts');
