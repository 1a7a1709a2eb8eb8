import nx from "@nx/eslint-plugin";
import baseConfig, { noNodeBuiltins, testFiles } from "../../eslint.config.mjs";

export default [
    ...nx.configs["flat/angular"],
    ...nx.configs["flat/angular-template"],
    ...baseConfig,
    {
        files: [
            "**/*.ts"
        ],
        rules: {
            "@angular-eslint/directive-selector": [
                "error",
                {
                    type: "attribute",
                    prefix: "lbx",
                    style: "camelCase"
                }
            ],
            "@angular-eslint/component-selector": [
                "error",
                {
                    type: "element",
                    prefix: "lbx",
                    style: "kebab-case"
                }
            ]
        }
    },
    {
        files: ["src/**/*.ts"],
        ignores: testFiles,
        rules: noNodeBuiltins
    },
    {
        files: [
            "**/*.html"
        ],
        // Override or add rules here
        rules: {}
    }
];
