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

  it('sends Dates in plain JSON the way superjson does, without its walk', () => {
    const at = new Date('2026-11-22T05:00:00Z');
    const copy = () => new Date(at);
    const activity = { id: 'a1', createdAt: copy(), lines: [{ at: copy() }], 'odd.key\\': copy() };
    const wire = (v: unknown) => JSON.parse(JSON.stringify(v));
    expect(wire(transformer.serialize(activity))).toEqual(wire(superjson.serialize(activity)));
    expect(wire(transformer.serialize(at))).toEqual(wire(superjson.serialize(at)));
    // One Date at several paths: superjson marks them as one object, this sends
    // equal copies, which is all a client can tell apart once decoded.
    const shared = { createdAt: at, updatedAt: at };
    expect(transformer.serialize(shared)).not.toHaveProperty('meta.referentialEqualities');
    expect(overTheWire(shared)).toEqual(shared);
  });

  it('writes the same wire as superjson for any JSON value with Dates in it', () => {
    const wire = (v: unknown) => JSON.parse(JSON.stringify(v));
    const jsonWithDates = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.double(), fc.date()),
        fc.array(tie('value')),
        fc.dictionary(fc.string(), tie('value')),
      ),
    })).value;
    fc.assert(
      fc.property(jsonWithDates, (value) => {
        let expected: unknown;
        try {
          expected = wire(superjson.serialize(value));
        } catch {
          // superjson refuses a `__proto__`, `constructor` or `prototype` key.
          // Without Dates the answer is plain JSON and goes
          // out as it is; with them, it is refused the same way.
          let ours: unknown;
          try {
            ours = transformer.serialize(value);
          } catch {
            return;
          }
          expect(ours).toEqual({ json: value });
          return;
        }
        expect(wire(transformer.serialize(value))).toEqual(expected);
      }),
      {
        numRuns: 1000,
        examples: [[{ '': { ['__proto__']: 0 }, ' ': [new Date(0)] }], [{ prototype: [] }]],
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
