/**
 * The demo portfolio, as data. Deterministic: the same people, models, versions, requests and metric
 * series every time (seeded PRNG); only the timestamps are anchored to the moment of seeding, so the
 * last 90 days always hold data. Named scenarios referenced by e2e tests and docs:
 * - credit-default-scoring: mission-critical, live v3 with a clear drift episode over the last 12 days.
 * - churn-propensity: live in production without an IT owner.
 * - call-center-volume-forecast: owned by a deactivated data scientist (orphaned).
 * - collections-prioritization: deployed, handoff DS → IT proposed and waiting.
 * - credit-default-scoring v4, loan-pricing-elasticity v3 (waiting on a manager), atm-cash-anomaly v1 (waiting on a
 *   data-science peer), next-best-offer v2 and atm-cash-anomaly v2 (automated UAT gate still missing evidence).
 */
import type { TRole } from "@/lib/domain/rbac/permissions";
import type { TStage } from "@/lib/domain/lifecycle/stages";
import type { TImportanceMethod } from "@/lib/domain/importance/feature-importance";

export const DEMO_PASSWORD = "modelgate-demo";

export const DEMO_TEAMS = [
  {
    slug: "credit-risk",
    name: "Credit Risk Analytics",
    description: "Scoring, pricing and collections models for retail lending.",
  },
  {
    slug: "customer-analytics",
    name: "Customer Analytics",
    description: "Churn, value and marketing models for the customer base.",
  },
  { slug: "ml-platform", name: "ML Platform & Operations", description: "IT team that runs models in production." },
] as const;

export type DemoUser = { key: string; email: string; name: string; roles: TRole[]; team: string; active?: boolean };

export const DEMO_USERS: DemoUser[] = [
  {
    key: "alice",
    email: "alice@modelgate.local",
    name: "Alice Martin",
    roles: ["DATA_SCIENTIST"],
    team: "credit-risk",
  },
  {
    key: "chloe",
    email: "chloe@modelgate.local",
    name: "Chloé Dubois",
    roles: ["DATA_SCIENTIST"],
    team: "credit-risk",
  },
  {
    key: "bruno",
    email: "bruno@modelgate.local",
    name: "Bruno Keller",
    roles: ["DATA_SCIENTIST"],
    team: "customer-analytics",
  },
  { key: "david", email: "david@modelgate.local", name: "David Nguyen", roles: ["IT_OPS"], team: "ml-platform" },
  { key: "emma", email: "emma@modelgate.local", name: "Emma Rossi", roles: ["IT_OPS"], team: "ml-platform" },
  { key: "farid", email: "farid@modelgate.local", name: "Farid Haddad", roles: ["MANAGER"], team: "credit-risk" },
  {
    key: "grace",
    email: "grace@modelgate.local",
    name: "Grace Liu",
    roles: ["MANAGER", "DATA_SCIENTIST"],
    team: "customer-analytics",
  },
  { key: "hana", email: "admin@modelgate.local", name: "Hana Sato", roles: ["ADMIN"], team: "ml-platform" },
  {
    key: "ivan",
    email: "ivan@modelgate.local",
    name: "Ivan Petrov",
    roles: ["DATA_SCIENTIST"],
    team: "customer-analytics",
    active: false,
  },
];

export type DemoVersion = {
  stage: TStage;
  /** Days ago the version was registered. */
  ageDays: number;
  framework: string;
  metrics: Record<string, number>;
  /** Days spent in each stage it passed, in lifecycle order (the last entry is the current stage's start). */
  stageDays?: number[];
  /** Live in production (ACTIVE deployment) or was (SUPERSEDED). */
  production?: "active" | "superseded";
  staging?: boolean;
  checks?: Record<string, "PASS" | "FAIL">;
  /** A pending promotion request to the next stage, and the roles that already approved it. */
  pending?: { requester: string; justification: string; approvedBy?: string[] };
  /** Global feature importances (issue 19), one value per feature of the model's schema. */
  importance?: { method: TImportanceMethod; values: Record<string, number> };
};

export type DemoModel = {
  slug: string;
  title: string;
  description: string;
  problemType: "CLASSIFICATION" | "REGRESSION" | "OTHER";
  criticality: "MISSION_CRITICAL" | "INTERNAL";
  team: string;
  dsOwner: string;
  itOwner?: string;
  tags: string[];
  features: {
    name: string;
    type: "numeric" | "categorical";
    categories?: string[];
    min?: number;
    max?: number;
    nullable?: boolean;
  }[];
  versions: DemoVersion[];
  /** Metric series shape for the live version: "stable" or "drift" (decays over the last 12 days). */
  series?: "stable" | "drift" | "noisy";
  handoff?: { from: string; to: string };
  /** Features approved to drive decisions (gate requirement "no feature outside the approved list in the top N"). */
  approvedFeatures?: string[];
};

const CREDIT_FEATURES: DemoModel["features"] = [
  { name: "income", type: "numeric", min: 0, max: 500000 },
  { name: "debt_to_income", type: "numeric", min: 0, max: 5 },
  { name: "credit_history_months", type: "numeric", min: 0, max: 600 },
  { name: "open_accounts", type: "numeric", min: 0, max: 60 },
  { name: "employment_type", type: "categorical", categories: ["salaried", "self_employed", "retired", "student"] },
  { name: "region", type: "categorical", categories: ["north", "south", "east", "west"] },
];

const CUSTOMER_FEATURES: DemoModel["features"] = [
  { name: "tenure_months", type: "numeric", min: 0, max: 400 },
  { name: "monthly_spend", type: "numeric", min: 0, max: 10000 },
  { name: "support_tickets_90d", type: "numeric", min: 0, max: 100 },
  { name: "plan", type: "categorical", categories: ["basic", "plus", "premium"] },
  { name: "channel", type: "categorical", categories: ["web", "app", "store", "phone"], nullable: true },
];

const cls = (auc: number, extra: Record<string, number> = {}) => ({
  auc,
  accuracy: +(auc - 0.04).toFixed(3),
  f1: +(auc - 0.12).toFixed(3),
  ...extra,
});
const reg = (r2: number, rmse: number) => ({ r2, rmse, mae: +(rmse * 0.78).toFixed(2) });
const ALL_PASS = { "unit-tests": "PASS", "data-validation": "PASS", "bias-review": "PASS" } as const;

export const DEMO_MODELS: DemoModel[] = [
  {
    slug: "credit-default-scoring",
    // Region is a proxy of where applicants live; it may be used, but not among the features driving decisions.
    approvedFeatures: ["income", "debt_to_income", "credit_history_months", "open_accounts", "employment_type"],
    title: "Credit default scoring",
    description:
      "Probability that a retail loan applicant defaults within 12 months. **Serves every loan decision** in the branch network and online.",
    problemType: "CLASSIFICATION",
    criticality: "MISSION_CRITICAL",
    team: "credit-risk",
    dsOwner: "alice",
    itOwner: "david",
    tags: ["credit", "pd", "regulatory"],
    features: CREDIT_FEATURES,
    series: "drift",
    versions: [
      { stage: "ARCHIVED", ageDays: 240, framework: "xgboost 1.7", metrics: cls(0.81), stageDays: [10, 12, 9, 3, 150] },
      {
        stage: "ARCHIVED",
        ageDays: 160,
        framework: "xgboost 2.0",
        metrics: cls(0.835),
        stageDays: [8, 10, 7, 2, 70],
        production: "superseded",
        checks: ALL_PASS,
      },
      {
        stage: "MONITORING",
        ageDays: 75,
        framework: "xgboost 2.0",
        metrics: cls(0.861),
        stageDays: [9, 8, 6, 2],
        production: "active",
        checks: ALL_PASS,
        importance: {
          method: "shap_mean_abs",
          values: {
            income: 0.312,
            debt_to_income: 0.268,
            credit_history_months: 0.171,
            region: 0.109,
            open_accounts: 0.086,
            employment_type: 0.054,
          },
        },
      },
      {
        stage: "UAT",
        ageDays: 14,
        framework: "lightgbm 4.3",
        metrics: cls(0.868),
        stageDays: [4, 5],
        staging: true,
        checks: ALL_PASS,
        pending: {
          requester: "alice",
          justification: "Retrained on Q3 data after the drift alert; beats the champion by 0.007 AUC.",
          approvedBy: ["david"],
        },
        importance: {
          method: "shap_mean_abs",
          values: {
            debt_to_income: 0.341,
            income: 0.228,
            employment_type: 0.187,
            credit_history_months: 0.139,
            open_accounts: 0.071,
            region: 0.034,
          },
        },
      },
      { stage: "DESIGN", ageDays: 3, framework: "lightgbm 4.3", metrics: cls(0.852) },
    ],
  },
  {
    slug: "fraud-detection-cards",
    title: "Card fraud detection",
    description: "Real-time fraud score for card transactions, called by the authorisation switch.",
    problemType: "CLASSIFICATION",
    criticality: "MISSION_CRITICAL",
    team: "credit-risk",
    dsOwner: "chloe",
    itOwner: "emma",
    tags: ["fraud", "real-time"],
    features: [
      { name: "amount", type: "numeric", min: 0, max: 50000 },
      { name: "merchant_risk", type: "numeric", min: 0, max: 1 },
      { name: "seconds_since_last_txn", type: "numeric", min: 0, max: 1e7 },
      {
        name: "merchant_category",
        type: "categorical",
        categories: ["grocery", "travel", "electronics", "fuel", "online"],
      },
      { name: "card_present", type: "categorical", categories: ["yes", "no"] },
    ],
    series: "stable",
    versions: [
      {
        stage: "ARCHIVED",
        ageDays: 330,
        framework: "scikit-learn 1.2",
        metrics: cls(0.874),
        stageDays: [14, 12, 10, 3, 100],
      },
      {
        stage: "ARCHIVED",
        ageDays: 200,
        framework: "pytorch 2.2",
        metrics: cls(0.912),
        stageDays: [12, 10, 8, 2, 90],
        production: "superseded",
        checks: ALL_PASS,
      },
      {
        stage: "MONITORING",
        ageDays: 100,
        framework: "pytorch 2.3",
        metrics: cls(0.934),
        stageDays: [7, 9, 5, 2],
        production: "active",
        checks: ALL_PASS,
        importance: {
          method: "permutation",
          values: {
            amount: 0.084,
            merchant_risk: 0.131,
            seconds_since_last_txn: 0.067,
            merchant_category: 0.022,
            card_present: 0.049,
          },
        },
      },
      {
        stage: "INDUSTRIALIZATION",
        ageDays: 9,
        framework: "pytorch 2.4",
        metrics: cls(0.938),
        stageDays: [3],
        importance: {
          method: "permutation",
          values: {
            amount: 0.091,
            merchant_risk: 0.118,
            seconds_since_last_txn: 0.096,
            merchant_category: -0.003,
            card_present: 0.041,
          },
        },
      },
      { stage: "DESIGN", ageDays: 2, framework: "pytorch 2.4", metrics: cls(0.941) },
    ],
  },
  {
    slug: "churn-propensity",
    title: "Churn propensity",
    description: "Monthly churn risk per subscriber, used by retention campaigns.",
    problemType: "CLASSIFICATION",
    criticality: "INTERNAL",
    team: "customer-analytics",
    dsOwner: "bruno",
    tags: ["churn", "marketing"],
    features: CUSTOMER_FEATURES,
    series: "noisy",
    versions: [
      {
        stage: "ARCHIVED",
        ageDays: 150,
        framework: "scikit-learn 1.4",
        metrics: cls(0.79),
        stageDays: [6, 5, 4, 1, 80],
        production: "superseded",
        checks: ALL_PASS,
      },
      {
        stage: "MONITORING",
        ageDays: 60,
        framework: "scikit-learn 1.5",
        metrics: cls(0.812),
        stageDays: [5, 4, 3, 1],
        production: "active",
        checks: ALL_PASS,
        importance: {
          method: "gain",
          values: {
            tenure_months: 412.5,
            monthly_spend: 268.1,
            support_tickets_90d: 377.9,
            plan: 121.4,
            channel: 58.2,
          },
        },
      },
      { stage: "DESIGN", ageDays: 5, framework: "catboost 1.2", metrics: cls(0.823) },
      { stage: "DESIGN", ageDays: 1, framework: "catboost 1.2", metrics: cls(0.826) },
    ],
  },
  {
    slug: "customer-lifetime-value",
    title: "Customer lifetime value",
    description: "Expected 24-month margin per customer; drives acquisition bids.",
    problemType: "REGRESSION",
    criticality: "INTERNAL",
    team: "customer-analytics",
    dsOwner: "bruno",
    itOwner: "emma",
    tags: ["clv", "marketing", "finance"],
    features: CUSTOMER_FEATURES,
    series: "stable",
    versions: [
      {
        stage: "ARCHIVED",
        ageDays: 260,
        framework: "lightgbm 3.3",
        metrics: reg(0.66, 198.1),
        stageDays: [12, 9, 8, 2, 120],
      },
      {
        stage: "MONITORING",
        ageDays: 120,
        framework: "lightgbm 4.1",
        metrics: reg(0.71, 182.4),
        stageDays: [10, 8, 6, 2],
        production: "active",
        checks: ALL_PASS,
        importance: {
          method: "gain",
          values: { tenure_months: 1840, monthly_spend: 3120, support_tickets_90d: 410, plan: 960, channel: 230 },
        },
      },
      {
        stage: "UAT",
        ageDays: 12,
        framework: "lightgbm 4.3",
        metrics: reg(0.73, 176.9),
        stageDays: [3, 4],
        staging: true,
        checks: { "unit-tests": "PASS", "data-validation": "FAIL" },
        importance: {
          method: "gain",
          values: { tenure_months: 1510, monthly_spend: 3460, support_tickets_90d: 380, plan: 620, channel: 1040 },
        },
      },
      { stage: "DESIGN", ageDays: 4, framework: "lightgbm 4.3", metrics: reg(0.74, 171.2) },
    ],
  },
  {
    slug: "call-center-volume-forecast",
    title: "Call-center volume forecast",
    description: "Hourly inbound call volume, 14 days ahead, for staffing.",
    problemType: "REGRESSION",
    criticality: "INTERNAL",
    team: "customer-analytics",
    dsOwner: "ivan",
    itOwner: "emma",
    tags: ["forecast", "operations"],
    features: [
      { name: "hour_of_week", type: "numeric", min: 0, max: 167 },
      { name: "campaign_active", type: "categorical", categories: ["yes", "no"] },
      { name: "calls_same_hour_last_week", type: "numeric", min: 0, max: 5000 },
    ],
    series: "stable",
    versions: [
      {
        stage: "ARCHIVED",
        ageDays: 300,
        framework: "prophet 1.1",
        metrics: reg(0.62, 41.5),
        stageDays: [15, 10, 7, 2, 200],
      },
      {
        stage: "MONITORING",
        ageDays: 95,
        framework: "statsmodels 0.14",
        metrics: reg(0.68, 37.2),
        stageDays: [9, 7, 5, 2],
        production: "active",
        checks: ALL_PASS,
      },
      { stage: "DESIGN", ageDays: 10, framework: "statsmodels 0.14", metrics: reg(0.7, 35.9) },
    ],
  },
  {
    slug: "collections-prioritization",
    title: "Collections prioritization",
    description: "Ranks overdue accounts by expected recovery for the collections team.",
    problemType: "CLASSIFICATION",
    criticality: "MISSION_CRITICAL",
    team: "credit-risk",
    dsOwner: "chloe",
    tags: ["collections", "credit"],
    features: CREDIT_FEATURES,
    handoff: { from: "chloe", to: "david" },
    versions: [
      { stage: "ARCHIVED", ageDays: 90, framework: "xgboost 1.7", metrics: cls(0.801), stageDays: [8, 20] },
      {
        stage: "DEPLOYMENT",
        ageDays: 30,
        framework: "xgboost 2.0",
        metrics: cls(0.842),
        stageDays: [6, 7, 8],
        production: "active",
        checks: ALL_PASS,
        importance: {
          method: "shap_mean_abs",
          values: {
            income: 0.15,
            debt_to_income: 0.33,
            credit_history_months: 0.12,
            open_accounts: 0.24,
            employment_type: 0.1,
            region: 0.06,
          },
        },
      },
      { stage: "DESIGN", ageDays: 2, framework: "xgboost 2.1", metrics: cls(0.845) },
    ],
  },
  {
    slug: "loan-pricing-elasticity",
    title: "Loan pricing elasticity",
    description: "Predicts take-up rate as a function of the offered APR.",
    problemType: "REGRESSION",
    criticality: "MISSION_CRITICAL",
    team: "credit-risk",
    dsOwner: "alice",
    tags: ["pricing", "credit"],
    features: CREDIT_FEATURES,
    versions: [
      { stage: "ARCHIVED", ageDays: 80, framework: "statsmodels 0.13", metrics: reg(0.49, 0.093), stageDays: [15] },
      {
        stage: "INDUSTRIALIZATION",
        ageDays: 45,
        framework: "scikit-learn 1.4",
        metrics: reg(0.58, 0.081),
        stageDays: [10],
      },
      {
        stage: "UAT",
        ageDays: 21,
        framework: "scikit-learn 1.5",
        metrics: reg(0.64, 0.072),
        stageDays: [6, 7],
        staging: true,
        checks: ALL_PASS,
        pending: {
          requester: "alice",
          justification: "UAT sign-off by pricing committee on file; ready for production.",
          approvedBy: ["emma"],
        },
      },
    ],
  },
  {
    slug: "next-best-offer",
    title: "Next best offer",
    description: "Ranks the products to propose to a customer in the app.",
    problemType: "CLASSIFICATION",
    criticality: "INTERNAL",
    team: "customer-analytics",
    dsOwner: "bruno",
    tags: ["recommendation", "marketing"],
    features: CUSTOMER_FEATURES,
    versions: [
      { stage: "DESIGN", ageDays: 40, framework: "tensorflow 2.15", metrics: cls(0.74) },
      {
        stage: "INDUSTRIALIZATION",
        ageDays: 16,
        framework: "tensorflow 2.16",
        metrics: cls(0.781),
        stageDays: [5],
        checks: { "unit-tests": "PASS", "data-validation": "PASS" },
        pending: { requester: "bruno", justification: "Offline evaluation done; ready for UAT with the app team." },
      },
      { stage: "DESIGN", ageDays: 3, framework: "tensorflow 2.16", metrics: cls(0.79) },
    ],
  },
  {
    slug: "marketing-mix-model",
    title: "Marketing mix model",
    description: "Attributes weekly sales to media channels for budget planning.",
    problemType: "REGRESSION",
    criticality: "INTERNAL",
    team: "customer-analytics",
    dsOwner: "grace",
    tags: ["marketing", "finance"],
    features: [
      { name: "tv_spend", type: "numeric", min: 0, max: 1e6 },
      { name: "search_spend", type: "numeric", min: 0, max: 1e6 },
      { name: "season", type: "categorical", categories: ["q1", "q2", "q3", "q4"] },
    ],
    versions: [
      { stage: "DESIGN", ageDays: 20, framework: "pymc 5.10", metrics: reg(0.66, 12400) },
      { stage: "DESIGN", ageDays: 6, framework: "pymc 5.12", metrics: reg(0.69, 11900) },
      { stage: "DESIGN", ageDays: 1, framework: "pymc 5.12", metrics: reg(0.7, 11750) },
    ],
  },
  {
    slug: "atm-cash-anomaly",
    title: "ATM cash anomaly detection",
    description: "Flags ATMs whose withdrawals deviate from their usual pattern.",
    problemType: "CLASSIFICATION",
    criticality: "MISSION_CRITICAL",
    team: "credit-risk",
    dsOwner: "chloe",
    tags: ["anomaly", "operations"],
    features: [
      { name: "withdrawals_1h", type: "numeric", min: 0, max: 500 },
      { name: "cash_level", type: "numeric", min: 0, max: 1 },
      { name: "site_type", type: "categorical", categories: ["branch", "mall", "station"] },
    ],
    versions: [
      {
        stage: "DESIGN",
        ageDays: 35,
        framework: "pyod 1.1",
        metrics: cls(0.77),
        pending: {
          requester: "chloe",
          justification: "Baseline isolation forest; needs a peer review before industrialization.",
        },
      },
      {
        stage: "INDUSTRIALIZATION",
        ageDays: 18,
        framework: "pyod 1.1",
        metrics: cls(0.802),
        stageDays: [6],
        checks: { "unit-tests": "PASS", "data-validation": "PASS", "bias-review": "FAIL" },
        pending: { requester: "chloe", justification: "Isolation forest tuned on 2 years of ATM logs." },
      },
      { stage: "DESIGN", ageDays: 4, framework: "pyod 2.0", metrics: cls(0.81) },
    ],
  },
  {
    slug: "document-classifier",
    title: "Incoming document classifier",
    description: "Routes scanned customer documents (IDs, payslips, statements) to the right queue.",
    problemType: "OTHER",
    criticality: "INTERNAL",
    team: "ml-platform",
    dsOwner: "grace",
    tags: ["nlp", "operations"],
    features: [
      { name: "page_count", type: "numeric", min: 1, max: 200 },
      { name: "source", type: "categorical", categories: ["upload", "email", "branch_scan"] },
    ],
    versions: [
      { stage: "DESIGN", ageDays: 25, framework: "transformers 4.40", metrics: { accuracy: 0.88, macro_f1: 0.84 } },
      { stage: "DESIGN", ageDays: 8, framework: "transformers 4.44", metrics: { accuracy: 0.91, macro_f1: 0.87 } },
      { stage: "DESIGN", ageDays: 2, framework: "transformers 4.45", metrics: { accuracy: 0.915, macro_f1: 0.88 } },
    ],
  },
  {
    slug: "legacy-credit-scorecard",
    title: "Legacy credit scorecard",
    description: "Logistic scorecard replaced by credit-default-scoring; kept for the record.",
    problemType: "CLASSIFICATION",
    criticality: "MISSION_CRITICAL",
    team: "credit-risk",
    dsOwner: "alice",
    itOwner: "david",
    tags: ["credit", "retired"],
    features: CREDIT_FEATURES,
    versions: [
      { stage: "ARCHIVED", ageDays: 700, framework: "sas 9.4", metrics: cls(0.76), stageDays: [20, 30, 15, 5, 400] },
      {
        stage: "ARCHIVED",
        ageDays: 420,
        framework: "scikit-learn 1.0",
        metrics: cls(0.78),
        stageDays: [14, 20, 10, 3, 200],
      },
    ],
  },
];

/** Deterministic PRNG (mulberry32) so the demo is the same on every machine. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box–Muller). */
export function normal(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
