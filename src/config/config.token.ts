/** Injection token of the validated, frozen `AppConfig` (see `config.types.ts`). */
export const APP_CONFIG = Symbol('APP_CONFIG');
