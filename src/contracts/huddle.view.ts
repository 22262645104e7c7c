/** What the coordinator's huddle view fetches besides the live boards: who escalated today, per ward. */
export interface HuddleEscalators {
  /** Start of "today" (midnight, UK time), ISO. */
  readonly since: string;
  readonly wards: readonly {
    readonly wardId: string;
    readonly staff: readonly {
      readonly name: string;
      readonly role: string;
      /** Concerns raised and alerts escalated by this person today on this ward. */
      readonly concerns: number;
      readonly escalations: number;
      readonly lastAt: string;
    }[];
  }[];
}
