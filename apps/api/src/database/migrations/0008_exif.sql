ALTER TABLE "images" ADD COLUMN "exif" jsonb;--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "location_shown" boolean DEFAULT false NOT NULL;