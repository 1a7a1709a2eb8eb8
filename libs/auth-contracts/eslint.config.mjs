import baseConfig, { noNodeBuiltins } from "../../eslint.config.mjs";

export default [
    ...baseConfig,
    // The SPA imports the contracts too, so they must run in a browser.
    { files: ["**/*.ts"], rules: noNodeBuiltins }
];
