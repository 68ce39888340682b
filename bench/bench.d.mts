// The types of the table `npm run bench` measures, for its smoke test.
export declare const MEASURES: readonly { name: string; budget?: readonly ['>=' | '<=', number]; group?: 'scale'; run: (context: unknown) => unknown }[];
