import { register } from "node:module";

register("./bench-hooks.mjs", import.meta.url);
