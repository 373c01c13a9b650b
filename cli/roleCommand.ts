import { Command } from 'commander';
import { operatorRoleDefinition } from '../shared/azure/requiredPermissions.js';
import type { CliOutput } from './CliOutput.js';
import { CliUsageError } from './CliUsageError.js';

interface RoleOptions {
  scope: string[];
}

/** `role --scope <scope>…`: prints the least-privilege custom role for `az role definition create`. */
export function roleCommand(output: CliOutput): Command {
  return new Command('role')
    .description(
      'print the least-privilege custom role "AKS Off-Hours Operator" as JSON, for az role definition create',
    )
    .option(
      '--scope <scope...>',
      'assignable scopes, e.g. /subscriptions/<id> or /subscriptions/<id>/resourceGroups/<group>',
      [],
    )
    .action((options: RoleOptions) => {
      const invalid = options.scope.filter(
        (scope) => !/^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?$/i.test(scope),
      );
      if (options.scope.length === 0 || invalid.length > 0) {
        throw new CliUsageError(
          `--scope needs one or more scopes such as /subscriptions/<id> or /subscriptions/<id>/resourceGroups/<group>${invalid.length > 0 ? `; not a scope: ${invalid.join(', ')}` : ''}`,
        );
      }
      output.stdout(`${JSON.stringify(operatorRoleDefinition(options.scope), null, 2)}\n`);
    });
}
