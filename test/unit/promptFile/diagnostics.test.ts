import * as assert from 'node:assert/strict';
import { DIAGNOSTIC_CODES } from '../../../src/core/promptFile/diagnosticCodes';
import { parse } from '../../../src/core/promptFile/parse';
import { CASES } from './diagnosticCases';

interface Expected {
  readonly severity: string;
  /** start line, start character, end line, end character */
  readonly range: readonly [number, number, number, number];
  readonly message: string;
  readonly data?: Record<string, unknown>;
}

/** The exact diagnostics each case must produce for its code (other codes in the same case are not judged here). */
const EXPECTED: Record<string, readonly Expected[]> = {
  PO1001: [
    {
      "severity": "error",
      "range": [
        0,
        0,
        0,
        3
      ],
      "message": "The frontmatter opened here is never closed. Add a line with only `---` between the frontmatter and the template."
    }
  ],
  PO1002: [
    {
      "severity": "error",
      "range": [
        2,
        0,
        2,
        1
      ],
      "message": "YAML: Flow sequence in block collection must be sufficiently indented and end with a ].",
      "data": {
        "yamlCode": "BAD_INDENT"
      }
    }
  ],
  PO1003: [
    {
      "severity": "warning",
      "range": [
        1,
        7,
        1,
        14
      ],
      "message": "YAML: Unresolved tag: !custom.",
      "data": {
        "yamlCode": "TAG_RESOLVE_FAILED"
      }
    }
  ],
  PO1004: [
    {
      "severity": "error",
      "range": [
        1,
        0,
        2,
        3
      ],
      "message": "The frontmatter is a list, not a mapping. Write it as `key: value` lines (e.g. `model: openai/gpt-4o-mini`)."
    }
  ],
  PO1005: [
    {
      "severity": "error",
      "range": [
        4,
        4,
        4,
        6
      ],
      "message": "The YAML aliases expand to too much data (more than 200 expansions). Remove the anchors/aliases that repeat each other."
    }
  ],
  PO1006: [
    {
      "severity": "hint",
      "range": [
        2,
        0,
        2,
        5
      ],
      "message": "'owner' is not a known key in the frontmatter; it is kept as written. Use a dotted name (`myext.owner`) for extension data.",
      "data": {
        "key": "owner"
      }
    }
  ],
  PO1007: [
    {
      "severity": "warning",
      "range": [
        1,
        0,
        1,
        5
      ],
      "message": "Unknown key 'modle' in the frontmatter. Did you mean 'model'?",
      "data": {
        "key": "modle",
        "suggestion": "model"
      }
    },
    {
      "severity": "warning",
      "range": [
        3,
        2,
        3,
        12
      ],
      "message": "Unknown key 'temprature' in `config`. Did you mean 'temperature'?",
      "data": {
        "key": "temprature",
        "suggestion": "temperature"
      }
    }
  ],
  PO1010: [
    {
      "severity": "error",
      "range": [
        3,
        15,
        3,
        19
      ],
      "message": "`config.temperature` must be a number, not the string 'warm'.",
      "data": {
        "expected": "number"
      }
    }
  ],
  PO1011: [
    {
      "severity": "error",
      "range": [
        2,
        10,
        2,
        14
      ],
      "message": "`output.format` must be one of 'text', 'json'; it is the string 'yaml'.",
      "data": {
        "values": [
          "text",
          "json"
        ]
      }
    }
  ],
  PO1012: [
    {
      "severity": "error",
      "range": [
        2,
        15,
        2,
        16
      ],
      "message": "`config.temperature` must be at most 2; it is 3."
    },
    {
      "severity": "error",
      "range": [
        5,
        12,
        5,
        13
      ],
      "message": "`tests[0].repeat` must be at least 1; it is 0."
    }
  ],
  PO1013: [
    {
      "severity": "error",
      "range": [
        4,
        8,
        4,
        20
      ],
      "message": "`tests[0].assert[0]` needs a `type` key.",
      "data": {
        "key": "type"
      }
    }
  ],
  PO1014: [
    {
      "severity": "warning",
      "range": [
        1,
        7,
        1,
        13
      ],
      "message": "Model 'gpt-4o' has no provider. Write it as `provider/model-id`, e.g. `openai/gpt-4o`."
    }
  ],
  PO1015: [
    {
      "severity": "warning",
      "range": [
        2,
        0,
        2,
        3
      ],
      "message": "Dotprompt needs a line break after the closing `---`; without one it renders the whole file as text. Add a line break."
    }
  ],
  PO1019: [
    {
      "severity": "info",
      "range": [
        202,
        0,
        202,
        1
      ],
      "message": "210 more problems are not shown. Fix the ones above first."
    }
  ],
  PO1020: [
    {
      "severity": "error",
      "range": [
        3,
        4,
        3,
        8
      ],
      "message": "Picoschema: 'strin' is not a Picoschema type (did you mean 'string'? use string, number, integer, boolean, null or any)."
    },
    {
      "severity": "error",
      "range": [
        4,
        4,
        4,
        14
      ],
      "message": "Picoschema: a parenthetical type must be object, array or enum, not 'list'."
    }
  ],
  PO1021: [
    {
      "severity": "error",
      "range": [
        2,
        2,
        2,
        8
      ],
      "message": "`input.schema` is not a valid JSON Schema: schema is invalid: data/properties/a/type must be equal to one of the allowed values, data/properties/a/type must be array, data/properties/a/type must match a schema in anyOf. Correct that keyword."
    }
  ],
  PO1022: [
    {
      "severity": "warning",
      "range": [
        6,
        4,
        6,
        5
      ],
      "message": "`input.default` sets 'b', which `input.schema` does not declare. Declare it or remove the default.",
      "data": {
        "variable": "b"
      }
    },
    {
      "severity": "warning",
      "range": [
        5,
        7,
        5,
        11
      ],
      "message": "The default for 'a' must be integer. Change it so `input.schema` accepts it.",
      "data": {
        "variable": "a"
      }
    }
  ],
  PO2001: [
    {
      "severity": "error",
      "range": [
        3,
        12,
        3,
        13
      ],
      "message": "Template syntax error: found an invalid character near `}`; expected `}}`, `}}}`, `(`, `)`. Check the braces and arguments of this expression."
    }
  ],
  PO2002: [
    {
      "severity": "warning",
      "range": [
        5,
        5,
        5,
        8
      ],
      "message": "'usr' is not declared in `input.schema`, so it renders empty. Did you mean 'user'? Otherwise declare it (e.g. `usr?: string`).",
      "data": {
        "variable": "usr",
        "suggestion": "user"
      }
    }
  ],
  PO2003: [
    {
      "severity": "warning",
      "range": [
        4,
        4,
        4,
        9
      ],
      "message": "Input 'tone' is declared but the template never uses it. Use `{{tone}}` or remove it.",
      "data": {
        "variable": "tone"
      }
    }
  ],
  PO2004: [
    {
      "severity": "error",
      "range": [
        0,
        5,
        0,
        14
      ],
      "message": "Unknown helper 'uppercase'; Dotprompt renders only its own and Handlebars' helpers. Known helpers: role, history, section, media, json, ifEquals, unlessEquals, if, unless, each, with, lookup, log.",
      "data": {
        "helper": "uppercase"
      }
    }
  ],
  PO2005: [
    {
      "severity": "error",
      "range": [
        0,
        7,
        0,
        18
      ],
      "message": "Unknown role 'assistant'. Use one of system, user, model, tool.",
      "data": {
        "role": "assistant"
      }
    }
  ],
  PO2006: [
    {
      "severity": "warning",
      "range": [
        0,
        7,
        0,
        13
      ],
      "message": "`@index` is only set inside `{{#each}}`; here it is always empty. Move it into an `{{#each}}` block."
    }
  ],
  PO2007: [
    {
      "severity": "error",
      "range": [
        0,
        0,
        0,
        8
      ],
      "message": "Wrong arguments for 'role'. Write it as `{{role \"system\"}}`.",
      "data": {
        "helper": "role"
      }
    },
    {
      "severity": "error",
      "range": [
        1,
        0,
        1,
        17
      ],
      "message": "Wrong arguments for 'media'. Write it as `{{media url=imageUrl}}` (optionally `contentType=\"image/png\"`).",
      "data": {
        "helper": "media"
      }
    }
  ],
  PO3001: [
    {
      "severity": "error",
      "range": [
        4,
        14,
        4,
        22
      ],
      "message": "Unknown assertion type 'contians'. Did you mean 'contains'?",
      "data": {
        "type": "contians",
        "suggestion": "contains"
      }
    }
  ],
  PO3002: [
    {
      "severity": "error",
      "range": [
        7,
        6,
        7,
        7
      ],
      "message": "In test 't', `n` must be integer. Change it so `input.schema` accepts it.",
      "data": {
        "test": "t",
        "variable": "n"
      }
    }
  ],
  PO3003: [
    {
      "severity": "error",
      "range": [
        4,
        14,
        4,
        20
      ],
      "message": "An 'equals' assertion needs a `value:` to compare the output with. Add one.",
      "data": {
        "type": "equals"
      }
    },
    {
      "severity": "error",
      "range": [
        5,
        14,
        5,
        21
      ],
      "message": "A 'latency' assertion needs `threshold:` (in milliseconds). Add one.",
      "data": {
        "type": "latency"
      }
    }
  ],
  PO3004: [
    {
      "severity": "error",
      "range": [
        5,
        15,
        5,
        26
      ],
      "message": "The regular expression does not compile: /(unclosed/: Unterminated group. Correct it (remember to escape `\\` in YAML double quotes)."
    }
  ],
  PO3005: [
    {
      "severity": "warning",
      "range": [
        3,
        10,
        3,
        14
      ],
      "message": "Another test is already named 'same'. Give each test its own name.",
      "data": {
        "name": "same"
      }
    }
  ],

};

describe('diagnostics: every code parse() emits, pinned', () => {
  for (const c of CASES) {
    it(`${c.code}: ${DIAGNOSTIC_CODES[c.code as keyof typeof DIAGNOSTIC_CODES].title}`, () => {
      const got = parse(c.source).diagnostics.filter((d) => d.code === c.code).map((d) => ({
        severity: d.severity,
        range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
        message: d.message,
        ...(d.data ? { data: d.data } : {}),
      }));
      assert.deepEqual(got, EXPECTED[c.code]);
    });
  }

  it('covers every code in the catalogue (references.test.ts pins PO2010–PO2012 and PO3010–PO3012)', () => {
    const pinnedElsewhere = ['PO2010', 'PO2011', 'PO2012', 'PO3010', 'PO3011', 'PO3012'];
    const covered = new Set([...CASES.map((c) => c.code), ...pinnedElsewhere]);
    assert.deepEqual(Object.keys(DIAGNOSTIC_CODES).filter((code) => !covered.has(code)), []);
  });

  it('uses the catalogue severity unless a code says otherwise', () => {
    for (const c of CASES) {
      for (const d of parse(c.source).diagnostics.filter((x) => x.code === c.code && x.code !== 'PO1019')) {
        assert.equal(d.severity, DIAGNOSTIC_CODES[c.code as keyof typeof DIAGNOSTIC_CODES].severity, c.code);
      }
    }
  });
});

describe('diagnostics: no false alarms', () => {
  it('accepts helpers, scopes, block params, @root and data variables used correctly', () => {
    const src = [
      '---', 'input:', '  schema:', '    items(array):', '      name: string', '    user:', '      name: string', '    level: string', '    photo: string', '---',
      '{{#each items as |item i|}}{{item.name}} {{i}} {{@index}} {{@first}} {{this.name}} {{../level}} {{@root.level}}{{/each}}',
      '{{#with user}}{{name}}{{/with}}{{#ifEquals level "high"}}!{{/ifEquals}}{{json items indent=2}}{{media url=photo}}',
      '{{#if level}}{{level}}{{else}}none{{/if}}{{lookup user "name"}}{{!-- a comment --}}{{history}}{{section "output"}}',
    ].join('\n');
    assert.deepEqual(parse(src).diagnostics, []);
  });

  it('keeps dotted extension keys without a hint', () => {
    assert.deepEqual(parse('---\nmyext.owner: search\nmodel: openai/gpt-4o\n---\nx').diagnostics, []);
  });

  it('does not judge inputs against an open JSON Schema', () => {
    const src = '---\ninput:\n  schema:\n    type: object\n    additionalProperties: true\n    properties:\n      a:\n        type: string\n---\n{{a}} {{b}}';
    assert.deepEqual(parse(src).diagnostics, []);
  });

  it('skips unused-input warnings when partials may use the inputs', () => {
    const src = '---\ninput:\n  schema:\n    tone: string\n---\n{{> style}}';
    assert.deepEqual(parse(src).diagnostics, []);
  });

  it('judges no input unused while the template cannot be read; once it can, an unused one is reported', () => {
    const broken = parse('---\ninput:\n  schema:\n    q: string\n    tone: string\n---\n{{#if q}}{{q}}\n');
    assert.deepEqual(broken.diagnostics.map((d) => d.code), ['PO2001']);
    const fixed = parse('---\ninput:\n  schema:\n    q: string\n    tone: string\n---\n{{#if q}}{{q}}{{/if}}\n');
    assert.deepEqual(fixed.diagnostics.map((d) => [d.code, d.message]), [['PO2003', "Input 'tone' is declared but the template never uses it. Use `{{tone}}` or remove it."]]);
  });

  it('takes `echo` alone as a whole model reference, as the runner does; other bare names still get PO1014', () => {
    assert.deepEqual(parse('---\nmodel: echo\n---\nx').diagnostics, []);
    assert.deepEqual(parse('---\nmodel: gpt-4o\n---\nx').diagnostics.map((d) => d.code), ['PO1014']);
  });
});

