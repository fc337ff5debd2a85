// Messages on the ANNOUNCEMENTS queue: deliver one news item to a slice of subscriptions.

export interface DeliveryJob {
  newsId: string;
  /** Subscription ids to deliver to in this message. */
  subscriptionIds: number[];
}
