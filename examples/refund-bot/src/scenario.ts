/**
 * What each demo run does, decided by a seeded random generator so a given seed always tells the
 * same story: which question is asked, whether the stale policy index is hit (~1 in 3), whether
 * the old deployment (prompt v1) answers (~1 in 4), and whether the citation check is skipped.
 */

export const QUESTIONS: readonly string[] = [
  'Can I still return my kettle from order #10452?',
  'How long do I have to get a refund for order 20931? It arrived last month.',
  'Order #31877 is a pair of headphones I opened. Can I get my money back?',
  'My order 40219 was damaged in shipping, do I get the delivery cost back?',
  'I paid order #55120 with a gift card, how will the refund be paid?',
];

export interface RunPlan {
  question: string;
  conversationId: string;
  /** The policy index was not refreshed: the unapproved 2023 draft is still searchable. */
  staleIndex: boolean;
  /** Prompt version the answering deployment runs ("1" = the old deployment). */
  promptVersion: '1' | '2';
  /** The citation check step is skipped (a feature flag left off in this deployment). */
  skipCitationCheck: boolean;
}

/** mulberry32: tiny, deterministic, good enough for a demo. Returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function planRun(random: () => number, index: number): RunPlan {
  const staleIndex = random() < 1 / 3;
  const promptVersion = random() < 0.25 ? '1' : '2';
  const skipCitationCheck = staleIndex && random() < 0.5;
  const question = QUESTIONS[Math.floor(random() * QUESTIONS.length)]!;
  const conversationId = `conv-${index.toString().padStart(4, '0')}-${Math.floor(random() * 0xffffff).toString(16).padStart(6, '0')}`;
  return { question, conversationId, staleIndex, promptVersion, skipCitationCheck };
}
