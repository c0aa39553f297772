import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { ROOT } from '../../deploy/support/compose-file';

export const DASHBOARD_FILE = join(ROOT, 'deploy/grafana/llm-gateway.json');
export const MONITORING_DIR = join(ROOT, 'deploy/k8s/monitoring');

interface Dashboard {
  panels: { title: string; targets: { expr: string }[] }[];
}

interface Rule {
  alert: string;
  expr: string;
}

interface PrometheusRule {
  kind: 'PrometheusRule';
  spec: { groups: { name: string; rules: Rule[] }[] };
}

/** Every PromQL expression of the Grafana dashboard, Grafana's variables given a value. */
export function dashboardExpressions(rateInterval = '1m'): string[] {
  const dashboard = JSON.parse(
    readFileSync(DASHBOARD_FILE, 'utf8'),
  ) as Dashboard;
  return dashboard.panels.flatMap((panel) =>
    panel.targets.map((t) =>
      t.expr.replace(/\$__rate_interval/g, rateInterval),
    ),
  );
}

export function prometheusRule(): PrometheusRule {
  return load(
    readFileSync(join(MONITORING_DIR, 'prometheus-rules.yaml'), 'utf8'),
  ) as PrometheusRule;
}

/** The rule groups as a plain Prometheus rules file (what the operator hands Prometheus). */
export function rulesFileYaml(): string {
  return dump({ groups: prometheusRule().spec.groups });
}

export function alertRules(): Rule[] {
  return prometheusRule().spec.groups.flatMap((group) => group.rules);
}

const THRESHOLD = /\s*(>|<|==|!=|>=|<=)\s*-?[\d.e]+\s*$/;

/** An alert's measure: its expression without the final comparison with a threshold. */
export function measureOf(expr: string): string {
  if (!THRESHOLD.test(expr)) throw new Error(`no threshold in ${expr}`);
  return expr.replace(THRESHOLD, '');
}
