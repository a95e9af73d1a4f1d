// The package version, put in by the build (scripts/build.mjs defines it); "0.0.0-dev" when run from sources.
declare const __TRACE_LENS_VERSION__: string | undefined;

export const CLI_VERSION = typeof __TRACE_LENS_VERSION__ === 'string' ? __TRACE_LENS_VERSION__ : '0.0.0-dev';
