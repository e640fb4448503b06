// `node --import tsx --import ./test/support/electron-double-register.mjs …`: 'electron' is the main-process double.
import { register } from 'node:module';

register('./electron-resolve-double.mjs', import.meta.url);
