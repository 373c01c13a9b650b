/** One line of the bill: a resource's cost on one UTC day, in the billing currency. */
export interface ActualCostRow {
  /** Midnight UTC of the day (Cost Management's `UsageDate`, a number like 20261201). */
  day: number;
  /** As Cost Management spells it (lower case); compared the way Azure compares IDs. */
  resourceId: string;
  /** E.g. `Virtual Machines`, `Azure Kubernetes Service`. */
  meterCategory: string;
  cost: number;
  currency: string;
}

/**
 * What Azure billed, per resource and day: implemented by `CostManagementQuery` (the Cost Management
 * Query API; docs/savings.md, "Checked against the bill"). Needs Cost Management Reader, which is
 * optional: without it, or when the bill cannot be read, it throws `ActualCostUnavailableError`.
 */
export interface ActualCostSource {
  /** The subscription's daily costs from `from` to `to` (midnights UTC, `to` exclusive). */
  dailyCosts(subscriptionId: string, from: number, to: number): Promise<ActualCostRow[]>;
}
