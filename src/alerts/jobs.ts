// Messages on the ANNOUNCEMENTS queue: one message delivers one news item to one subscription, so the
// queue's own retries, delays and dead-letter queue apply to each delivery separately.

export interface DeliveryJob {
  newsId: string;
  subscriptionId: number;
}
