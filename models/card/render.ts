/**
 * Renders a model card as Markdown, section by section in Mitchell et al.'s order, then Vigil's section.
 */
import type { CardMetric, ModelCard } from './schema.js';

function formatMetric(metric: CardMetric): string {
  const value = Number.isInteger(metric.value) ? String(metric.value) : metric.value.toFixed(4);
  const interval = metric.lower !== undefined && metric.upper !== undefined ? ` (${Math.round((metric.level ?? 0.95) * 100)}% CI ${metric.lower.toFixed(4)}–${metric.upper.toFixed(4)})` : '';
  return `${value}${interval}`;
}

const list = (items: readonly string[]): string[] => (items.length ? items.map((i) => `- ${i}`) : ['- (none)']);

/** @returns the card as a Markdown document. */
export function renderModelCard(card: ModelCard): string {
  const d = card.modelDetails;
  const v = card.vigil;
  const lines: string[] = [
    `# Model card: ${d.name}`,
    '',
    '## Model details',
    '',
    `- Kind: ${d.kind}`,
    `- Version (SHA-256 of weights): \`${d.version}\``,
    `- Created: ${d.createdAt}`,
    `- Developers: ${d.developers}`,
    `- Architecture: ${d.architecture} (${d.parameters} parameters)`,
    `- License: ${d.license}`,
    '',
    '## Intended use',
    '',
    '**Primary uses**',
    ...list(card.intendedUse.primaryUses),
    '',
    '**Primary users**',
    ...list(card.intendedUse.primaryUsers),
    '',
    '**Out of scope**',
    ...list(card.intendedUse.outOfScope),
    '',
    '## Factors',
    '',
    `- Relevant: ${card.factors.relevant.join('; ')}`,
    `- Evaluated: ${card.factors.evaluated.join('; ')}`,
    '',
    '## Metrics',
    '',
    '| metric | value | description |',
    '| --- | --- | --- |',
    ...card.metrics.map((m) => `| ${m.name} | ${formatMetric(m)} | ${m.description ?? ''} |`),
    '',
    '## Evaluation data',
    '',
    `${card.evaluationData.description} — ${card.evaluationData.patients} patients, ${card.evaluationData.rows} rows${card.evaluationData.sites.length ? `, sites: ${card.evaluationData.sites.join(', ')}` : ''}.`,
    '',
    '## Training data',
    '',
    `${card.trainingData.description} — ${card.trainingData.patients} patients, ${card.trainingData.rows} rows${card.trainingData.sites.length ? `, sites: ${card.trainingData.sites.join(', ')}` : ''}.`,
    '',
    '## Quantitative analyses',
    '',
  ];
  if (card.quantitativeAnalyses.length === 0) lines.push('(none)');
  else {
    lines.push('| factor | group | rows | metrics |', '| --- | --- | --- | --- |');
    for (const q of card.quantitativeAnalyses) lines.push(`| ${q.factor} | ${q.group} | ${q.rows} | ${q.metrics.map((m) => `${m.name} ${formatMetric(m)}`).join('; ')} |`);
  }
  lines.push('', '## Ethical considerations', '', ...list(card.ethicalConsiderations), '', '## Caveats and recommendations', '', ...list(card.caveats), '', '## Vigil', '');
  lines.push(`- Backend: ${v.backend}`);
  lines.push(`- Feature spec: ${v.featureSpec.id} v${v.featureSpec.version}, hash \`${v.featureSpec.hash}\``);
  if (v.threshold) lines.push(`- Threshold: ${v.threshold.value.toFixed(4)} (target false-alarm rate ${(v.threshold.targetFalseAlarmRate * 100).toFixed(2)}%)`);
  if (v.federated) {
    const f = v.federated;
    lines.push(`- Federated training: ${f.rounds} rounds, ${f.sites} sites, ${f.samples} samples${f.strategy ? `, strategy ${f.strategy}` : ''}${f.parentVersion ? `, from \`${f.parentVersion}\`` : ''}`);
    if (f.he) lines.push(`- Homomorphic encryption: ${f.he.scheme}, N = ${f.he.polyModulusDegree}, coefficient modulus ${f.he.coeffModulusBits.join('/')} bits, scale 2^${f.he.scaleBits}`);
    if (f.dp) lines.push(`- Differential privacy: ε = ${f.dp.epsilon}, δ = ${f.dp.delta}, noise multiplier ${f.dp.noiseMultiplier}, clip norm ${f.dp.clipNorm}`);
  } else lines.push('- Training: centralised (no federated lineage)');
  lines.push(v.deployment ? `- Deployment: audit-log entry ${v.deployment.auditLogIndex} (leaf \`${v.deployment.auditLeafHash}\`), ${v.deployment.deployedAt}` : '- Deployment: not deployed (no audit-log entry)');
  return lines.join('\n') + '\n';
}
