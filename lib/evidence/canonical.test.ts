import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical';

// Test vectors from RFC 8785 itself.

describe('canonicalJson (RFC 8785)', () => {
  it('§3.2.2: the example of sorted keys, number forms and string escaping', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('§3.2.3: properties sorted by UTF-16 code units, not by code point or locale', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    // In text order (JSON.parse would move the integer-like key "1" first).
    const values = [...canonicalJson(input).matchAll(/:"([^"]*)"/g)].map((m) => m[1]);
    expect(values).toEqual(['Carriage Return', 'One', 'Control', 'Latin Small Letter O With Diaeresis', 'Euro Sign', 'Emoji: Grinning Face', 'Hebrew Letter Dalet With Dagesh']);
  });

  it('§3.2.4: the canonical text of the §3.2.2 example is these UTF-8 bytes', () => {
    // The RFC's own literal, on purpose: 333333333.33333329 is read as the nearest double, which is the point of §3.2.2.
    // eslint-disable-next-line no-loss-of-precision
    const input = { numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 1e-27], string: "€$\u000f\nA'B\"\\\\\"/", literals: [null, true, false] };
    const hex = Buffer.from(canonicalJson(input), 'utf8').toString('hex');
    expect(hex.startsWith('7b226c6974657261')).toBe(true);
    expect(hex).toContain('e282ac'); // € stays a literal character, UTF-8 encoded
  });

  it('Appendix B: IEEE 754 doubles serialize as ECMAScript does', () => {
    const vectors: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [ieee, expected] of vectors) expect(canonicalJson(Buffer.from(ieee, 'hex').readDoubleBE(0)), ieee).toBe(expected);
  });

  it('Appendix B: NaN and Infinity have no canonical form', () => {
    expect(() => canonicalJson(Buffer.from('7fffffffffffffff', 'hex').readDoubleBE(0))).toThrow();
    expect(() => canonicalJson(Buffer.from('7ff0000000000000', 'hex').readDoubleBE(0))).toThrow();
    expect(() => canonicalJson({ s: '\ud800' })).toThrow(); // a lone surrogate is not text
  });
});
