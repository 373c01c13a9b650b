/** The exact report for each case in MALFORMED_ROWS, by case name. */
export const EXPECTED_PROBLEMS: Record<string, string[]> = {
  'Uptime typed as a number': [
    'Schedules row "schedule"/"bad" column Uptime value "8": Uptime must be text, not a number',
  ],
  'neither Uptime nor Downtime': [
    'Schedules row "schedule"/"bad" column Uptime value "": the schedule has neither Uptime nor Downtime; fill in one, such as Uptime "Mon-Fri 08:00-20:00 Europe/Berlin"',
  ],
  'both Uptime and Downtime': [
    'Schedules row "schedule"/"bad" column Downtime value "Sat-Sun 00:00-24:00 UTC": Downtime: a schedule has either Uptime or Downtime, not both; clear one of them',
  ],
  'invalid spec': [
    'Schedules row "schedule"/"bad" column Uptime value "Mon-Fry 08:00-20:00 Europe/Berlin": Uptime item 1 "Mon-Fry 08:00-20:00 Europe/Berlin" at position 5: "Fry" is not a weekday name; use Mon, Tue, Wed, Thu, Fri, Sat or Sun',
  ],
  'unknown time zone': [
    'Schedules row "schedule"/"bad" column TimeZone value "Mars/Olympus_Mons": TimeZone: "Mars/Olympus_Mons" is not a known time zone; use an IANA zone such as Europe/Berlin',
  ],
  'abbreviated time zone': [
    'Schedules row "schedule"/"bad" column TimeZone value "JST": TimeZone: "JST" is an abbreviation; use an IANA zone such as Asia/Tokyo',
  ],
  'Enforce that is not a boolean': [
    'Schedules row "schedule"/"bad" column Enforce value "sometimes": Enforce must be true or false (also yes/no, 1/0)',
  ],
  'unknown holiday calendar': [
    'Schedules row "schedule"/"bad" column Holidays value "XX": Holidays item 1 "XX" at position 1: "XX" is not a holiday calendar; use a country code such as JP or DE, optionally with a region such as US-CA or DE-BY',
  ],
  'Holidays typed as a number': [
    'Schedules row "schedule"/"bad" column Holidays value "2026": Holidays must be text, not a number',
  ],
  'StartLead that is not a lead': [
    'Schedules row "schedule"/"bad" column StartLead value "soon": StartLead: "soon" is not a start lead; write auto (learn from past starts, the default), off, or a duration from 1m to 12h such as 15m, 1h or 1h30m',
  ],
  'StartLead without a unit': [
    'Schedules row "schedule"/"bad" column StartLead value "15": StartLead must be text, not a number',
  ],
  '64 KiB Uptime': [
    'Schedules row "schedule"/"bad" column Uptime value "Mon-Fri 08:00-20:00 UTC, Mon-Fri 08:00-20:00 UTC, Mon-Fri 08:00-20:00 UTC, Mon-Fri 08:00-20:00 UTC, Mon-Fri 08:00-20:00 … (32750 characters)": Uptime is 32749 characters long; the most is 2000',
  ],
  'control character in Description': [
    'Schedules row "schedule"/"bad" column Description value "dev\\u0007 cluster": Description contains the control character U+0007 at position 4; remove it',
  ],
  'RowKey too long for a name': [
    'Schedules row "schedule"/"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn" column RowKey value "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn": the RowKey is the schedule\'s name and must have 1 to 100 characters',
  ],
  'the same schedule name in another partition and case': [
    'Schedules row "schedule"/"team" column RowKey value "team": the name "team" is also used by row "team-b"/"Team"; names must be unique, ignoring case, and none of these rows is used until one is renamed or removed',
    'Schedules row "team-b"/"Team" column RowKey value "Team": the name "Team" is also used by row "schedule"/"team"; names must be unique, ignoring case, and none of these rows is used until one is renamed or removed',
  ],
  'spec with only whitespace': [
    'Schedules row "schedule"/"bad" column Uptime value "": the schedule has neither Uptime nor Downtime; fill in one, such as Uptime "Mon-Fri 08:00-20:00 Europe/Berlin"',
  ],
  'ResourceId missing': [
    'Targets row "target"/"bad-pool" column ResourceId value "": ResourceId is empty; it is required',
  ],
  'ResourceId of the wrong type': [
    'Targets row "target"/"bad-pool" column ResourceId value "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dev/providers/Microsoft.Storage/storageAccounts/de… (125 characters)": "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dev/providers/Microsoft.Storage/storageAccounts/devdata" is a Microsoft.Storage/storageAccounts resource; a target is an AKS node pool, an AKS cluster or a VM scale set: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerService/managedClusters/<cluster>/agentPools/<pool> or /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerService/managedClusters/<cluster> or /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachineScaleSets/<scale set>',
  ],
  'ResourceId that is not an ARM ID': [
    'Targets row "target"/"bad-pool" column ResourceId value "dev-cluster": "dev-cluster" is not an ARM resource ID; a target is an AKS node pool, an AKS cluster or a VM scale set: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerService/managedClusters/<cluster>/agentPools/<pool> or /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerService/managedClusters/<cluster> or /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachineScaleSets/<scale set>',
  ],
  'ResourceId typed as a boolean': [
    'Targets row "target"/"bad-pool" column ResourceId value "true": ResourceId must be text, not a true/false value',
  ],
  'Schedule missing': [
    'Targets row "target"/"bad-pool" column Schedule value " ": Schedule is empty; it is required',
  ],
  'unknown schedule name': [
    'Targets row "target"/"bad-pool" column Schedule value "ofice": there is no schedule named "ofice"; use one of office',
  ],
  'target of an invalid schedule': [
    'Schedules row "schedule"/"broken" column Uptime value "Mon-Fri 8-20 UTC": Uptime item 1 "Mon-Fri 8-20 UTC" at position 9: "8-20" is not a time range; write HH:MM-HH:MM, such as 08:00-20:00',
    'Targets row "target"/"bad-pool" column Schedule value "broken": schedule "broken" is invalid (see its problems); the target is left alone until it is fixed',
  ],
  'duplicate target, differing only in case': [
    'Targets row "target"/"bad-pool" column ResourceId value "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/RESOURCEGROUPS/RG-DEV/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCL… (146 characters)": the same resource is also registered by row "target"/"good-pool"; keep one row, neither is used until then',
    'Targets row "target"/"good-pool" column ResourceId value "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dev/providers/Microsoft.ContainerService/managedCl… (146 characters)": the same resource is also registered by row "target"/"bad-pool"; keep one row, neither is used until then',
  ],
  'Enabled that is not a boolean': [
    'Targets row "target"/"bad-pool" column Enabled value "maybe": Enabled must be true or false (also yes/no, 1/0)',
  ],
  'the same target name in another partition': [
    'Targets row "target"/"good-pool" column RowKey value "good-pool": the name "good-pool" is also used by row "team-b"/"Good-Pool"; names must be unique, ignoring case',
    'Targets row "team-b"/"Good-Pool" column RowKey value "Good-Pool": the name "Good-Pool" is also used by row "target"/"good-pool"; names must be unique, ignoring case',
  ],
  'control character in a target name': [
    'Targets row "target"/"bad-pool" column Description value "line\\u0000break": Description contains the control character U+0000 at position 5; remove it',
  ],
  'override that has already ended': [
    'Overrides row "override"/"good-pool" column Until value "2026-11-25T22:00:00Z": the override ended at 2026-11-25T22:00:00.000Z and has no effect; it will be removed',
  ],
  'unknown override kind': [
    'Overrides row "override"/"good-pool" column Kind value "keep-up": Kind must be one of keep-running, keep-stopped, skip-next-stop, skip-next-start',
  ],
  'override Until before From': [
    'Overrides row "override"/"good-pool" column Until value "2026-11-26T17:00:00Z": Until must be after From',
  ],
  'override Until in words': [
    'Overrides row "override"/"good-pool" column Until value "tomorrow": Until must be an ISO 8601 time with an offset, such as 2026-11-26T22:00:00Z',
  ],
  'override Effect missing': [
    'Overrides row "override"/"good-pool" column Effect value "": Effect is empty; use one of running, stopped',
  ],
  'override Until without an offset': [
    'Overrides row "override"/"good-pool" column Until value "2026-11-26T22:00:00": Until must be an ISO 8601 time with an offset, such as 2026-11-26T22:00:00Z',
  ],
  'Enable instead of Enabled': [
    'Targets row "target"/"bad-pool" column Enable value "false": Enable is not a column the app reads; did you mean Enabled? The row is not used until the column is renamed',
  ],
  'Enfroce instead of Enforce': [
    'Schedules row "schedule"/"bad" column Enfroce value "true": Enfroce is not a column the app reads; did you mean Enforce? The row is not used until the column is renamed',
  ],
  'both Enabled and enabled': [
    'Targets row "target"/"bad-pool" column Enabled value "true / false": the columns Enabled and enabled are both Enabled; keep one',
  ],
  'blank RowKey': [
    'Schedules row "schedule"/"" column RowKey value "": the RowKey is the schedule\'s name and must have 1 to 100 characters',
  ],
  'RowKey that reads as a control character': [
    'Schedules row "schedule"/"a%07b" column RowKey value "a%07b": the RowKey contains the control character U+0007 at position 2; rename the row',
  ],
};
