/**
 * Model cards of the demo (issue 17): credit-default-scoring has a complete card (its UAT gate, which requires
 * one under the revised mission-critical policy, is satisfied on that point); fraud-detection-cards has a card
 * with two sections still to write, so the gate checklist shows what "incomplete" looks like.
 */
export const DEMO_MODEL_CARDS: Record<string, string> = {
  "credit-default-scoring": `# Model card: Credit default scoring

Gradient-boosted trees (XGBoost) estimating the probability that a retail loan applicant defaults within 12 months.

## Intended use

- **Primary use:** the probability of default (PD) behind every retail loan decision, in branches and online.
- **Users:** credit officers and the automated decision engine; the risk committee for portfolio reports.
- **Out of scope:** business loans, mortgages, and any decision about existing customers' limits.

## Factors

| factor | groups evaluated |
|---|---|
| Region | north, south, east, west, centre |
| Employment type | salaried, self-employed, retired, other |
| Age band | 18–25, 26–40, 41–60, 60+ |

\`region\` is a proxy of where applicants live: it may be used, but must not be among the top features (approved-feature list).

## Metrics

AUC on a 12-month out-of-time sample, the Brier score for calibration, and AUC per factor group; the decision threshold is set by the risk committee (currently PD ≥ 0.18 → manual review).

## Evaluation data

Applications of 2025-Q3 to 2026-Q1 (out of time, 184 000 rows), with the same preprocessing as training.

## Training data

Applications 2021–2025-Q2 with their 12-month outcomes (1.2 M rows) from the loan-origination warehouse (\`warehouse.credit.applications\`).

## Ethical considerations

- Protected attributes (gender, nationality) are not features; \`region\` and \`age\` are monitored for disparate impact each quarter.
- A rejected applicant may ask for the main reasons: the SHAP values of the decision are kept for 5 years.

## Caveats and recommendations

- [x] Recalibrate when the AUC alert fires (drift on income has happened before).
- [ ] Not validated for applicants with less than 6 months of credit history: route them to manual review.
`,
  "fraud-detection-cards": `# Model card: Card fraud detection

## Intended use

Scores every card authorisation in real time; above the threshold the transaction is held for review.

## Metrics

Precision at 0.5 % alert rate, recall, p95 latency under 50 ms.

## Training data

Twelve months of authorisations with chargeback labels.

## Evaluation data

<!-- to write: the last quarter's hold-out -->

## Caveats and recommendations

Fraud patterns shift quickly: retrain monthly.
`,
};
