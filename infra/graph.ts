/**
 * The resource graph: the Terraform JSON that `cdktf synth` writes
 * (`cdktf.out/stacks/<stack>/cdk.tf.json`). The local provisioner and the budget read it here,
 * so nobody keeps a second list of resources (ARCHITECTURE §1).
 *
 * References inside the JSON (`${google_pubsub_topic.raw_1A2B.id}`, `${var.project}`,
 * `${local.x}`, `${data.google_project.this.number}`) are resolved the way `terraform apply`
 * would fill them in, using the resource's own arguments first and, for attributes only the
 * provider computes (ids, e-mails, URLs), the rules in {@link COMPUTED}.
 */
import { readFileSync } from 'node:fs';

/** A Terraform resource block as it appears in the JSON. */
export interface GraphResource {
  /** Terraform type, e.g. `google_pubsub_topic`. */
  readonly type: string;
  /** Logical name inside the JSON, e.g. `taxi_raw_1A2B3C`. */
  readonly name: string;
  /** Address, `type.name`. */
  readonly address: string;
  /** Arguments as written (unresolved). */
  readonly config: Readonly<Record<string, unknown>>;
}

/** The parts of a Terraform JSON document the graph reads. */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly variable?: Record<string, { default?: unknown }>;
  readonly locals?: Record<string, unknown>;
  readonly output?: Record<string, { value: unknown }>;
  readonly provider?: Record<string, unknown>;
}

/** A reference that cannot be resolved: names the expression and where it appeared. */
export class UnresolvedReferenceError extends Error {
  constructor(
    readonly expression: string,
    readonly reason: string,
  ) {
    super(`cannot resolve \${${expression}}: ${reason}`);
    this.name = 'UnresolvedReferenceError';
  }
}

/** Values the provider would compute, needed to resolve references locally. */
export interface ResolveContext {
  /** GCP project id used for ids and e-mails. */
  readonly project: string;
  /** Project number for service agents (`service-<number>@gcp-sa-pubsub…`). @default '000000000000' */
  readonly projectNumber?: string;
  /** Region when a resource does not name one. @default 'europe-west1' */
  readonly region?: string;
  /** Local URL of a function by resource name (`service_config[0].uri`, `url`). */
  readonly functionUrl?: (resource: GraphResource) => string | undefined;
  /** Values for `var.*` overriding the defaults. */
  readonly variables?: Readonly<Record<string, unknown>>;
}

type Computed = (r: GraphResource, ctx: ResolveContext, get: (k: string) => unknown) => Record<string, unknown>;

const projectOf = (get: (k: string) => unknown, ctx: ResolveContext) => (get('project') as string | undefined) ?? ctx.project;
const regionOf = (get: (k: string) => unknown, ctx: ResolveContext) =>
  (get('location') as string | undefined) ?? (get('region') as string | undefined) ?? ctx.region ?? 'europe-west1';

/**
 * Attributes the provider computes, per resource type (the subset Tributary's stack refers to).
 * Arguments present in the config always win over these.
 */
export const COMPUTED: Readonly<Record<string, Computed>> = {
  google_pubsub_topic: (_r, ctx, get) => ({ id: `projects/${projectOf(get, ctx)}/topics/${get('name')}` }),
  google_pubsub_subscription: (_r, ctx, get) => ({ id: `projects/${projectOf(get, ctx)}/subscriptions/${get('name')}` }),
  google_storage_bucket: (_r, _ctx, get) => ({ id: get('name'), url: `gs://${get('name')}`, self_link: `https://www.googleapis.com/storage/v1/b/${get('name')}` }),
  google_storage_bucket_object: (_r, _ctx, get) => ({ id: `${get('bucket')}-${get('name')}`, output_name: get('name'), md5hash: '', generation: 1 }),
  google_service_account: (_r, ctx, get) => {
    const email = `${get('account_id')}@${projectOf(get, ctx)}.iam.gserviceaccount.com`;
    return { email, id: `projects/${projectOf(get, ctx)}/serviceAccounts/${email}`, name: `projects/${projectOf(get, ctx)}/serviceAccounts/${email}`, member: `serviceAccount:${email}` };
  },
  google_bigquery_dataset: (_r, ctx, get) => ({ id: `projects/${projectOf(get, ctx)}/datasets/${get('dataset_id')}` }),
  google_bigquery_table: (_r, ctx, get) => ({ id: `projects/${projectOf(get, ctx)}/datasets/${get('dataset_id')}/tables/${get('table_id')}` }),
  google_secret_manager_secret: (_r, ctx, get) => ({ id: `projects/${projectOf(get, ctx)}/secrets/${get('secret_id')}`, name: `projects/${ctx.projectNumber ?? '000000000000'}/secrets/${get('secret_id')}` }),
  google_cloudfunctions2_function: (r, ctx, get) => {
    const uri = ctx.functionUrl?.(r) ?? `https://${regionOf(get, ctx)}-${projectOf(get, ctx)}.cloudfunctions.net/${get('name')}`;
    return { id: `projects/${projectOf(get, ctx)}/locations/${regionOf(get, ctx)}/functions/${get('name')}`, url: uri, service_config: [{ ...(get('service_config') as object[] | undefined)?.[0], uri }] };
  },
  google_cloud_run_v2_service: (r, ctx, get) => {
    const uri = ctx.functionUrl?.(r) ?? `https://${get('name')}-${regionOf(get, ctx)}.a.run.app`;
    return { id: `projects/${projectOf(get, ctx)}/locations/${regionOf(get, ctx)}/services/${get('name')}`, uri };
  },
  google_project_service: (_r, ctx, get) => ({ id: `${projectOf(get, ctx)}/${get('service')}` }),
  google_monitoring_notification_channel: (r, ctx, get) => ({ id: `projects/${projectOf(get, ctx)}/notificationChannels/${r.name}`, name: `projects/${projectOf(get, ctx)}/notificationChannels/${r.name}` }),
  google_managed_kafka_cluster: (_r, ctx, get) => ({ id: `projects/${projectOf(get, ctx)}/locations/${regionOf(get, ctx)}/clusters/${get('cluster_id')}` }),
};

/** Computed attributes of data sources. */
const DATA: Readonly<Record<string, Computed>> = {
  google_project: (_r, ctx, get) => ({ number: ctx.projectNumber ?? '000000000000', project_id: projectOf(get, ctx), id: `projects/${projectOf(get, ctx)}` }),
  google_storage_project_service_account: (_r, ctx) => ({ email_address: `service-${ctx.projectNumber ?? '000000000000'}@gs-project-accounts.iam.gserviceaccount.com` }),
  google_client_config: (_r, ctx) => ({ project: ctx.project, region: ctx.region ?? 'europe-west1', access_token: '' }),
};

const REF = /\$\{([^}]*)\}/g;
/** Keys of a resource block that are not arguments of the resource. */
const META = new Set(['//', 'depends_on', 'lifecycle', 'provider']);
const WHOLE = /^\$\{([^}]*)\}$/;

/** A loaded resource graph with reference resolution. */
export class ResourceGraph {
  private readonly byAddress = new Map<string, GraphResource>();
  private readonly resolving = new Set<string>();

  constructor(
    readonly json: TerraformJson,
    private readonly ctx: ResolveContext,
  ) {
    for (const [type, blocks] of Object.entries(json.resource ?? {})) {
      for (const [name, config] of Object.entries(blocks)) {
        this.byAddress.set(`${type}.${name}`, { type, name, address: `${type}.${name}`, config });
      }
    }
  }

  /** Reads a synthesized stack file. */
  static fromFile(file: string, ctx: ResolveContext): ResourceGraph {
    return new ResourceGraph(JSON.parse(readFileSync(file, 'utf8')) as TerraformJson, ctx);
  }

  /** Every resource, optionally of one type, in document order. */
  resources(type?: string): GraphResource[] {
    const all = [...this.byAddress.values()];
    return type ? all.filter((r) => r.type === type) : all;
  }

  /** One resource by address, or undefined. */
  get(address: string): GraphResource | undefined {
    return this.byAddress.get(address);
  }

  /**
   * The resource's arguments with every `${…}` resolved; cdktf's `//` metadata and Terraform's
   * meta-arguments (`depends_on`, `lifecycle`, `provider`) are dropped.
   */
  resolved(resource: GraphResource): Record<string, unknown> {
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(resource.config)) if (!META.has(k)) rest[k] = v;
    return this.resolve(rest) as Record<string, unknown>;
  }

  /** Resolves every reference inside a JSON value. */
  resolve(value: unknown): unknown {
    if (typeof value === 'string') return this.resolveString(value);
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.resolve(v);
      return out;
    }
    return value;
  }

  /** Every `${…}` expression in the document that does not resolve, with the reason. */
  unresolved(): UnresolvedReferenceError[] {
    const errors: UnresolvedReferenceError[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') {
        for (const m of v.matchAll(REF)) {
          try {
            this.evaluate(m[1]);
          } catch (err) {
            if (err instanceof UnresolvedReferenceError) errors.push(err);
            else throw err;
          }
        }
      } else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(this.json.resource);
    walk(this.json.output);
    return errors;
  }

  private resolveString(s: string): unknown {
    const whole = WHOLE.exec(s);
    if (whole) return this.evaluate(whole[1]);
    if (!s.includes('${')) return s;
    return s.replace(REF, (_m, expr: string) => {
      const v = this.evaluate(expr);
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
  }

  /** Evaluates a traversal expression: `type.name.attr[0].attr`, `var.x`, `local.x`, `data.t.n.attr`. */
  private evaluate(expression: string): unknown {
    const path = parseTraversal(expression);
    if (!path) throw new UnresolvedReferenceError(expression, 'only plain references (a.b.c[0]) are supported locally, not function calls or operators');
    const [head, ...rest] = path;
    if (head === 'var') {
      const name = String(rest[0]);
      const v = this.ctx.variables?.[name] ?? this.json.variable?.[name]?.default;
      if (v === undefined) throw new UnresolvedReferenceError(expression, `variable ${name} has no value`);
      return walkPath(this.resolve(v), rest.slice(1), expression);
    }
    if (head === 'local') {
      const name = String(rest[0]);
      if (!this.json.locals || !(name in this.json.locals)) throw new UnresolvedReferenceError(expression, `local ${name} is not defined`);
      return walkPath(this.resolve(this.json.locals[name]), rest.slice(1), expression);
    }
    if (head === 'data') {
      const [type, name, ...attrs] = rest.map(String);
      const config = this.json.data?.[type]?.[name];
      if (!config) throw new UnresolvedReferenceError(expression, `data source data.${type}.${name} does not exist`);
      const r: GraphResource = { type, name, address: `data.${type}.${name}`, config };
      return walkPath(this.attributes(r, DATA[type]), attrs, expression);
    }
    const address = `${head}.${rest[0]}`;
    const resource = this.byAddress.get(address);
    if (!resource) throw new UnresolvedReferenceError(expression, `resource ${address} does not exist in the graph`);
    return walkPath(this.attributes(resource, COMPUTED[resource.type]), rest.slice(1), expression);
  }

  private attributes(r: GraphResource, computed: Computed | undefined): Record<string, unknown> {
    if (this.resolving.has(r.address)) throw new UnresolvedReferenceError(r.address, 'reference cycle');
    this.resolving.add(r.address);
    try {
      const get = (k: string) => this.resolve(r.config[k]);
      const own: Record<string, unknown> = {};
      for (const k of Object.keys(r.config)) if (!META.has(k)) own[k] = get(k);
      const extra = computed ? computed(r, this.ctx, get) : { id: `${r.type}/${r.name}` };
      return { ...extra, ...own, ...pick(extra, ['service_config']) };
    } finally {
      this.resolving.delete(r.address);
    }
  }
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in o) out[k] = o[k];
  return out;
}

/** Parses `a.b[0].c` into ['a','b',0,'c']; undefined for anything else (calls, operators). */
export function parseTraversal(expression: string): (string | number)[] | undefined {
  const s = expression.trim();
  if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*|\[\d+\]|\.\d+)*$/.test(s)) return undefined;
  const out: (string | number)[] = [];
  for (const m of s.matchAll(/([A-Za-z_][\w-]*)|\[(\d+)\]|\.(\d+)/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(Number(m[2] ?? m[3]));
  }
  return out;
}

function walkPath(value: unknown, path: (string | number)[], expression: string): unknown {
  let v = value;
  for (const step of path) {
    if (Array.isArray(v) && typeof step === 'number') v = v[step];
    else if (Array.isArray(v) && v.length === 1 && typeof step === 'string') v = (v[0] as Record<string, unknown>)?.[step];
    else if (v && typeof v === 'object') v = (v as Record<string, unknown>)[String(step)];
    else v = undefined;
    if (v === undefined) throw new UnresolvedReferenceError(expression, `attribute ${String(step)} is not known`);
  }
  return v;
}
