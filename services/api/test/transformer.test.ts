import fc from 'fast-check';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { isPlainJson, transformer } from '../src/trpc/transformer.ts';

/** What a client receives: the serialized value through JSON, read by superjson. */
const overTheWire = (value: unknown) =>
  superjson.deserialize(JSON.parse(JSON.stringify(transformer.serialize(value))));

describe('the API transformer', () => {
  it('sends plain JSON without superjson metadata', () => {
    const summary = { bucket: 'month', buckets: [{ start: '2026-01-01', byScope: { 1: 0.5 } }] };
    expect(transformer.serialize(summary)).toEqual({ json: summary });
  });

  it('still sends dates, undefined, NaN and Maps through superjson', () => {
    const value = {
      at: new Date('2026-11-22T05:00:00Z'),
      note: undefined,
      ratio: Number.NaN,
      zero: -0,
      seen: new Map([['a', 1]]),
      list: [1, undefined, 3],
    };
    const back = overTheWire(value) as typeof value;
    expect(back.at).toBeInstanceOf(Date);
    expect(back.at.toISOString()).toBe('2026-11-22T05:00:00.000Z');
    expect('note' in back).toBe(true);
    expect(back.ratio).toBeNaN();
    expect(Object.is(back.zero, -0)).toBe(true);
    expect(back.seen.get('a')).toBe(1);
    expect(back.list).toEqual([1, undefined, 3]);
  });

  it('gives a superjson client back exactly what the procedure returned, whatever it is', () => {
    fc.assert(
      fc.property(fc.anything({ withDate: true, withMap: true, withSet: true }), (value) => {
        let expected: unknown;
        try {
          // What plain superjson would deliver over the same JSON wire.
          expected = superjson.deserialize(JSON.parse(JSON.stringify(superjson.serialize(value))));
        } catch {
          // superjson itself refuses some values (a Map key with a `prototype`
          // property); ours must refuse them the same way, not mangle them.
          expect(() => overTheWire(value)).toThrow();
          return;
        }
        expect(overTheWire(value)).toEqual(expected);
      }),
      {
        numRuns: 500,
        // Values that once told the comparison apart from what superjson does itself.
        examples: [
          [new Map([[new Date(Number.NaN), new Date(0)]])],
          [new Map([[{ prototype: false }, []]])],
        ],
      },
    );
  });

  it('does not take a cycle or a class instance for plain JSON', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(isPlainJson(cyclic)).toBe(false);
    expect(isPlainJson(new (class Money {})())).toBe(false);
    expect(isPlainJson(Object.create(null))).toBe(true);
  });
});
