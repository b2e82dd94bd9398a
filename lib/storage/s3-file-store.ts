import "server-only";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import type { FilesConfig } from "@/lib/env";
import { assertKey, type FileStore } from "./file-store";

type S3Config = Extract<FilesConfig, { kind: "s3" }>;

/**
 * Evidence files in an S3-compatible bucket (AWS S3, MinIO, Ceph, a cloud's object storage), under
 * `<prefix>/yyyy/mm/<uuid>`: every web node sees the same files. Bytes stream in and out; an
 * object appears whole or not at all (a PUT is atomic), so a failed upload leaves nothing to clean.
 */
export class S3FileStore implements FileStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(config: S3Config) {
    this.bucket = config.bucket;
    this.prefix = config.prefix ? `${config.prefix}/` : "";
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: config.accessKeyId && config.secretAccessKey ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } : undefined,
      // Checksums only where the API requires them: many S3-compatible servers do not understand
      // the SDK's default streaming checksum trailers (aws-chunked) and would store them as bytes.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  private objectKey(key: string): string {
    assertKey(key);
    return this.prefix + key;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: bytes, ContentLength: bytes.byteLength }));
  }

  async putStream(key: string, source: Readable, sizeBytes?: number): Promise<void> {
    // A single PUT needs its length up front; callers (uploads, restore) know it.
    if (sizeBytes === undefined) throw new Error("an upload to S3 needs its size in bytes");
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: source, ContentLength: sizeBytes }));
  }

  async get(key: string): Promise<Uint8Array | null> {
    const stream = await this.getStream(key);
    if (!stream) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
    return new Uint8Array(Buffer.concat(chunks));
  }

  async getStream(key: string): Promise<Readable | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return out.Body as Readable;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  async isEmpty(): Promise<boolean> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, ContinuationToken: token }));
      if ((page.Contents ?? []).some((o) => /^\d{4}\//.test((o.Key ?? "").slice(this.prefix.length)))) return false;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return true;
  }

  async probe(): Promise<void> {
    const key = `${this.prefix}.probe-${randomUUID()}`;
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: "probe" }));
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

function isMissing(err: unknown): boolean {
  return err instanceof S3ServiceException && (err.name === "NoSuchKey" || err.$metadata.httpStatusCode === 404);
}
