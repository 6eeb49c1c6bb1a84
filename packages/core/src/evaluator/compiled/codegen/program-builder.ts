/**
 * Collects what a generated program refers to. Every value that comes from a rule file (fact names,
 * params, path keys, operator values, names) becomes a constant `k<n>`, passed to the program's factory
 * by reference; the source text itself holds only identifiers and syntax made here.
 */
export class ProgramBuilder {
  private readonly constants: unknown[] = [];
  private readonly constantIds = new Map<unknown, string>();
  private readonly factLocals = new Map<unknown, Map<unknown, string>>();
  private readonly pathLocals = new Map<string, string>();
  private readonly steps = new Map<string, string>();
  private readonly stepSources: string[] = [];
  private locals = 0;
  private factCount = 0;
  /** Leaves emitted so far (references are inlined only while the program stays small). */
  leaves = 0;
  private lastParams: unknown = undefined;
  private lastParamsKey: unknown = paramsKey(undefined);
  /** What the condition emitter keeps per program (skips of conditions, by inlining context). */
  readonly skipCache = new WeakMap<object, Map<string, string | null>>();
  /** The index of the rule being emitted (a fact read names it, should the value be a thenable). */
  rule = 0;
  /** Fact locals read before any rule (their reads are certain: `certain-reads.ts`), in reading order. */
  private readonly prologue: Array<{ local: string; fact: string; params: unknown }> = [];
  private readonly certain = new Set<string>();
  private readonly guarded = new Set<string>();
  /** (fact, params) of each fact local, by its number. */
  private readonly localReads: Array<{ fact: string; params: unknown }> = [];
  /** Values known before any rule whose test assumes a number or `undefined` (fast programs). */
  private readonly numeric = new Set<string>();
  /** Path values computed before any rule (fast programs): key → local, and their statements in order. */
  private readonly eager = new Map<string, string>();
  private readonly eagerStatements: string[] = [];
  private readonly eagerByKeys = new WeakMap<readonly string[], Map<string, string | undefined>>();
  private eagerCount = 0;
  /** Named conditions computed once (fast programs): name → local, and their statements in order. */
  private readonly named = new Map<string, string>();
  private readonly namedStatements: string[] = [];

  /**
   * `fast`: the program of the common case — facts read first and path values under them computed
   * before any rule, and tests on values guarded as numbers written without their validator; a value
   * breaking an assumption sends the evaluation to the general program before any rule runs.
   */
  constructor(readonly fast = false) {}

  /** Reads (fact, params) before any rule: its local is then always read, with no check. */
  readFirst(fact: string, params: unknown): void {
    const local = this.factLocal(fact, params);
    if (this.certain.has(local)) return;
    this.certain.add(local);
    this.prologue.push({ local, fact, params });
  }

  /**
   * Asks that the (read first) fact local `local` be checked before any rule: should it hold an
   * object, a function or a symbol (`obj`) — the only values a numeric test may throw on — the
   * evaluation runs on the rules' closures (`slow()`), so generated code may skip numeric tests on it.
   */
  guardPrimitive(local: string): void {
    this.guarded.add(local);
  }

  /**
   * Asks that a value known before any rule (fast program) be a number or `undefined`, or else the
   * evaluation go to the general program: a numeric validator is then true exactly when the
   * comparison can be, and the test is the bare comparison.
   */
  guardNumber(local: string): void {
    this.numeric.add(local);
  }

  /**
   * The local holding, before any rule, the value at `keys` under a fact local read first (fast
   * programs): steps are computed once per evaluation, each prefix shared, as `walk` would take them.
   */
  eagerPath(factLocal: string, keys: readonly string[]): string {
    let id = this.eagerValue(factLocal, keys);
    if (id !== undefined) return id;
    const key = `${factLocal}:${JSON.stringify(keys)}`;
    let parent = factLocal;
    for (let i = 0; i < keys.length; i++) {
      const prefix = `${factLocal}/${JSON.stringify(keys.slice(0, i + 1))}`;
      let step = this.eager.get(prefix);
      if (step === undefined) {
        step = `e${this.eagerCount++}`;
        this.eager.set(prefix, step);
        this.eagerStatements.push(`const ${step} = ${this.step(keys[i] as string)}(${parent});`);
      }
      parent = step;
    }
    const object = `${factLocal}/object`;
    let isObject = this.eager.get(object);
    if (isObject === undefined) {
      isObject = `o${factLocal.slice(1)}`;
      this.eager.set(object, isObject);
      this.eagerStatements.push(
        `const ${isObject} = ${factLocal} !== null && typeof ${factLocal} === "object";`,
      );
    }
    id = `e${this.eagerCount++}`;
    this.eager.set(key, id);
    this.eagerByKeys.get(keys)?.set(factLocal, id);
    this.eagerStatements.push(`const ${id} = ${isObject} ? ${parent} : ${factLocal};`);
    return id;
  }

  /** Whether a fact local is read before any rule. */
  isReadFirst(local: string): boolean {
    return this.certain.has(local);
  }

  /** The (fact, params) read first, in the order `prologueStatements` reads them. */
  firstReads(): ReadonlyArray<{ fact: string; params: unknown }> {
    return this.prologue;
  }

  /** `f0 = first(F, k1, k2, 0); …` — the reads before any rule (`first` throws on a thenable). */
  prologueStatements(): string {
    const reads = this.prologue.map(
      ({ local, fact, params }, i) =>
        `${local} = first(F, ${this.constant(fact)}, ${this.constant(params)}, ${i});`,
    );
    if (this.guarded.size > 0)
      reads.push(`if (${[...this.guarded].map((l) => `obj(${l})`).join(' || ')}) slow();`);
    return reads.join('\n');
  }

  /** The identifier under which `value` is passed by reference. */
  constant(value: unknown): string {
    let id = this.constantIds.get(value);
    if (id === undefined) {
      id = `k${this.constants.length}`;
      this.constants.push(value);
      this.constantIds.set(value, id);
    }
    return id;
  }

  /**
   * The local caching one (fact, params) value within an evaluation. Params are told apart by their
   * JSON, as the engine's resolver and json-rules-engine's almanac cache them (by identity when they
   * have none).
   */
  factLocal(fact: string, params: unknown): string {
    let byParams = this.factLocals.get(fact);
    if (!byParams) {
      byParams = new Map();
      this.factLocals.set(fact, byParams);
    }
    // most reads share one params object (none: the frozen `{}`): its key is kept
    if (params !== this.lastParams) {
      this.lastParams = params;
      this.lastParamsKey = paramsKey(params);
    }
    const key = this.lastParamsKey;
    let id = byParams.get(key);
    if (id === undefined) {
      id = `f${this.factCount++}`;
      byParams.set(key, id);
      this.localReads.push({ fact, params });
    }
    return id;
  }

  /** The local `eagerPath` made for `keys` under a fact local, if it made one. */
  eagerValue(factLocal: string, keys: readonly string[]): string | undefined {
    // a path's keys are one array per path (parsed once): looked up by identity before by their JSON
    let byLocal = this.eagerByKeys.get(keys);
    if (!byLocal) {
      byLocal = new Map();
      this.eagerByKeys.set(keys, byLocal);
    }
    if (byLocal.has(factLocal)) return byLocal.get(factLocal);
    const id = this.eager.get(`${factLocal}:${JSON.stringify(keys)}`);
    byLocal.set(factLocal, id);
    return id;
  }

  /** The local holding a named condition's result computed once (fast programs), if there is one. */
  namedValue(name: string): string | undefined {
    return this.named.get(name);
  }

  /** Computes a named condition's result once, after the prologue's guards, in a local of its own. */
  addNamedValue(name: string, expression: string): string {
    const id = `e${this.eagerCount++}`;
    this.named.set(name, id);
    this.namedStatements.push(`const ${id} = ${expression};`);
    return id;
  }

  /** The (fact, params) each fact local holds, by its number. */
  factReads(): ReadonlyArray<{ fact: string; params: unknown }> {
    return this.localReads;
  }

  /** How many locals computed before any rule (`e0`…) a fast program has. */
  get eagers(): number {
    return this.eagerCount;
  }

  /**
   * A fast program's prologue: `const f0 = F.value(k1, k2), …;` (facts read first, in order), the
   * path values computed first, then one test sending the evaluation to the general program (`B`) when
   * a fact is a thenable, a value guarded as primitive is not, or one guarded as a number is not one.
   */
  fastPrologue(): { reads: string; check: string; after: string } {
    const reads = this.prologue.map(
      ({ local, fact, params }) =>
        `const ${local} = F.value(${this.constant(fact)}, ${this.constant(params)});`,
    );
    const checks = this.prologue.map(({ local }) =>
      this.numeric.has(local)
        ? `(typeof ${local} !== "number" && ${local} !== void 0)`
        : this.guarded.has(local)
          ? `obj(${local})`
          : `(typeof ${local} === "object" ? ${local} !== null && typeof ${local}.then === "function" : typeof ${local} === "function")`,
    );
    for (const local of this.eager.values()) {
      if (this.numeric.has(local)) checks.push(`(typeof ${local} !== "number" && ${local} !== void 0)`);
      else if (this.guarded.has(local)) checks.push(`obj(${local})`);
    }
    return {
      reads: [...reads, ...this.eagerStatements].join('\n'),
      check: checks.length === 0 ? 'false' : checks.join(' || '),
      after: this.namedStatements.join('\n'),
    };
  }

  /** How many fact locals (`f0`…) there are. */
  get facts(): number {
    return this.factCount;
  }

  /** How many path locals (`v0`…) there are. */
  get paths(): number {
    return this.locals;
  }

  /**
   * The local caching, within an evaluation, the value `compilePath` finds at `keys` under a fact
   * local (each prefix of a path gets its own, so paths sharing a prefix walk it once).
   */
  pathLocal(factLocal: string, keys: readonly string[]): string {
    const key = `${factLocal}:${JSON.stringify(keys)}`;
    let id = this.pathLocals.get(key);
    if (id === undefined) {
      id = `v${this.locals++}`;
      this.pathLocals.set(key, id);
    }
    return id;
  }

  /**
   * The program-level function taking one own-property step `key` (as `compilePath` does), shared by
   * every path through that key: `undefined` unless its argument is truthy and owns `key` (as in
   * jsonpath-plus: a string owns its `length` and indexes).
   */
  step(key: string): string {
    let id = this.steps.get(key);
    if (id === undefined) {
      id = `s${this.steps.size}`;
      const k = this.constant(key);
      this.steps.set(key, id);
      this.stepSources.push(`function ${id}(o) { return o && hasOwn(o, ${k}) ? o[${k}] : void 0; }`);
    }
    return id;
  }

  /**
   * `read(F, fact, params, rule)`: the resolver's value of a fact; a thenable throws an
   * `AsyncFactSignal` naming the rule being emitted.
   */
  read(fact: string, params: unknown): string {
    return `read(F, ${this.constant(fact)}, ${this.constant(params)}, ${this.rule})`;
  }

  /** A call to closures (a condition left to them): `P.at` names the rule, for their `AsyncFactSignal`. */
  closureCall(closures: { run(facts: unknown): unknown }): string {
    return `(P.at = ${this.rule}, ${this.constant(closures)}.run(F))`;
  }

  /** The step functions, declared once in the program's factory. */
  stepDeclarations(): string {
    return this.stepSources.join('\n');
  }

  /** The constants, in the order the factory receives them. */
  values(): readonly unknown[] {
    return this.constants;
  }

  /** `const k0 = C[0], …;` — binds every constant from the factory's array argument. */
  constantDeclarations(array: string): string {
    if (this.constants.length === 0) return '';
    return `const ${this.constants.map((_, i) => `k${i} = ${array}[${i}]`).join(', ')};`;
  }

  /** `let f0 = U, …, v0 = U, …;` — every fact and path local starts unread (one generated function). */
  localDeclarations(unread: string): string {
    const names = [
      ...Array.from({ length: this.factCount }, (_, i) => `f${i}`),
      ...Array.from({ length: this.locals }, (_, i) => `v${i}`),
    ];
    return names.length === 0 ? '' : `let ${names.map((n) => `${n} = ${unread}`).join(', ')};`;
  }
}
function paramsKey(params: unknown): unknown {
  try {
    const json = JSON.stringify(params);
    return typeof json === 'string' ? json : params;
  } catch {
    return params;
  }
}
