import { openTableChannel, resyChannel, zenchefChannel } from './direct-channel';
import type { ChannelAdapter, InboundChannel } from './inbound-channels';
import { TheForkChannel } from './thefork';

/** Each booking platform's adapter: TheFork's documented protocol, our shape for the others. */
export function channelAdapters(): Record<InboundChannel, ChannelAdapter> {
  return {
    thefork: new TheForkChannel() as ChannelAdapter,
    resy: resyChannel,
    opentable: openTableChannel,
    zenchef: zenchefChannel,
  };
}
