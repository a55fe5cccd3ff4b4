// Types of eslint.layers.js (plain JavaScript, so that ESLint loads it without a build step) for the
// architecture test that reads the same table.
export declare const LAYERS: Record<string, readonly string[]>;
export declare function layerElements(): { type: string; pattern: string }[];
export declare function layerPolicies(): unknown[];
