/** Injection token of the clock that says what "now" is; tests replace it. */
export const CLOCK = Symbol('CLOCK');

export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
