export interface PageRequest {
  limit: number;
  /** opaque cursor returned as `nextCursor` by the previous page */
  cursor?: string | undefined;
}

export interface PageResult<T> {
  items: T[];
  nextCursor: string | null;
}
