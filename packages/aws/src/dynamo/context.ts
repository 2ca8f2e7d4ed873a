import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** What every store needs: the document client and the one table's name. */
export interface DynamoContext {
  doc: DynamoDBDocumentClient;
  tableName: string;
}
