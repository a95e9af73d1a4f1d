// OTLP enum names as OTLP/JSON may spell them (proto3 JSON allows names or numbers).

export const SPAN_KIND_NAMES: readonly string[] = [
  'SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER',
];

export const STATUS_CODE_NAMES: readonly string[] = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

export const SEVERITY_NUMBER_NAMES: readonly string[] = ['SEVERITY_NUMBER_UNSPECIFIED'].concat(
  ...['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].map((level) => [
    `SEVERITY_NUMBER_${level}`, `SEVERITY_NUMBER_${level}2`, `SEVERITY_NUMBER_${level}3`, `SEVERITY_NUMBER_${level}4`,
  ]),
);
