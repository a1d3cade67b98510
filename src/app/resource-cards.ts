import type { CardClass, DigestItem } from '../notify/digest/digest-item';
import { resourceGroupCard } from '../notify/cards/resource-group';
import type { TeamsMessage } from '../notify/types';
import type { WardContext } from './context';
import { errorText } from './errors';
import { limitOf, windowStart } from './card-gate';

/** A card an event's handling would post about its resource, held to be posted with the others. */
export interface HeldCard {
  message: TeamsMessage;
  kind: string;
  cls: CardClass;
  item: DigestItem;
  /** The item's row in the digest queue, written before the card is held. */
  digestId: string;
}

/**
 * Holds a card until the handling of its event ends. Its item is written to the digest queue
 * first, so an invocation that dies before posting leaves it for the next digest: held cards are
 * never lost. False when the queue cannot be written: the caller posts the card alone.
 */
export async function holdCard(
  ctx: Pick<WardContext, 'digest' | 'logger'>,
  held: HeldCard[],
  card: Omit<HeldCard, 'digestId'>,
): Promise<boolean> {
  try {
    const [digestId] = await ctx.digest.add([card.item]);
    if (digestId === undefined) return false;
    held.push({ ...card, digestId });
    return true;
  } catch (error) {
    ctx.logger.warn({ kind: card.kind, error: errorText(error) }, 'card not held: posted alone');
    return false;
  }
}

/**
 * Posts what one handling held about one resource: a single card as it was, several as one
 * card listing each outcome with its own link (approval page, ticket) or undo id. The group takes
 * one card of the noise budget (an approval's when it holds one); over the budget its items stay
 * in the digest queue they were written to. Items leave the queue once the card is delivered or
 * kept by the outbox; a crash in between shows them again in a digest, never loses them.
 */
export async function postHeldCards(ctx: WardContext, held: HeldCard[]): Promise<void> {
  const cards = held.splice(0);
  const first = cards[0];
  if (!first) return;
  const now = ctx.now();
  const cls: CardClass = cards.some((card) => card.cls === 'approval') ? 'approval' : 'info';
  const kind = cards.length === 1 ? first.kind : 'resource-group';
  let allowed: boolean;
  try {
    allowed = await ctx.digest.take(cls, limitOf(ctx, cls), windowStart(ctx, now));
  } catch (error) {
    ctx.logger.warn({ kind, error: errorText(error) }, 'noise budget not readable');
    allowed = true;
  }
  if (!allowed) {
    ctx.logger.info(
      { kind, cards: cards.length },
      'teams card over the noise budget: kept for the digest',
    );
    return;
  }
  const message =
    cards.length === 1
      ? first.message
      : resourceGroupCard({
          resourceId: first.item.resourceId ?? '',
          items: cards.map((card) => card.item),
          at: now.toISOString(),
        });
  try {
    const result = await ctx.outbox.send(message, kind);
    if (!result.delivered) {
      ctx.logger.warn({ kind, outboxId: result.outboxId }, 'teams card kept in the outbox');
    }
  } catch (error) {
    // Neither posted nor kept: the items stay in the digest queue and reach the next digest.
    ctx.logger.error({ kind, error: errorText(error) }, 'teams card could not be sent or kept');
    return;
  }
  await ctx.digest.remove(cards.map((card) => card.digestId)).catch((error: unknown) => {
    ctx.logger.warn({ kind, error: errorText(error) }, 'posted items left in the digest queue');
  });
}
