// The AI customer's defaults, apart from the contract's schemas so that what needs only a number (a load run's
// engine) does not load them.
export const DEFAULT_AI_TOKEN_BUDGET = 20_000;
export const DEFAULT_AI_MAX_TURNS = 8;
