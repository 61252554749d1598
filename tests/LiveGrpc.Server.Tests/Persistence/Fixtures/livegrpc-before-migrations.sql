-- A SQLite database as LiveGrpc made it before migrations existed (schema by EnsureCreated).
-- Made with the server at commit 3ce590c: `livegrpc create "Café Legacy"`, start, stop, then
-- `livegrpc create "Private one" --visibility private --passcode hunter22 --request-id ...`,
-- and dumped with `sqlite3 livegrpc.db .dump`. Host secret of st_44a30388c6d2:
-- lgs_eoYyi40utVfo6WzvBrjiIRwcsOhk6RkNGVsKu5B7X3Q
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "create_requests" (
    "KeyHash" TEXT NOT NULL CONSTRAINT "PK_create_requests" PRIMARY KEY,
    "Fingerprint" TEXT NOT NULL,
    "StreamId" TEXT NOT NULL,
    "CreateTime" INTEGER NOT NULL
);
INSERT INTO create_requests VALUES('3d471cdfbb24aa963cd7cb00c8bb21875c54af33f6772d8254efdccd02b76159','5488cb4a7b8a4351f4bca8c63efd9dce87d6c5df25bc7cfc4c3a58686c944ded','st_7b4c3c329765',1796221035675191);
CREATE TABLE IF NOT EXISTS "streams" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_streams" PRIMARY KEY,
    "Title" TEXT NOT NULL,
    "TitleSearch" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "Visibility" INTEGER NOT NULL,
    "PasscodeHash" TEXT NULL,
    "HostSecretHash" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "CurrentBroadcastId" TEXT NULL,
    "LastLiveEndTime" INTEGER NULL,
    "CreateTime" INTEGER NOT NULL,
    "UpdateTime" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "ViewerCount" INTEGER NOT NULL,
    "PublisherDeadline" INTEGER NULL,
    "DeadlineEndReason" INTEGER NOT NULL
);
INSERT INTO streams VALUES('st_44a30388c6d2','Café Legacy','CAFÉ LEGACY','',1,NULL,'5811ed45567644fb45398ab347b475b2cf32f2cd40a3fdd96dd307a218c409a1',1,NULL,1796221034701761,1796221031019459,1796221034701761,4,0,NULL,0);
INSERT INTO streams VALUES('st_7b4c3c329765','Private one','PRIVATE ONE','',3,'pbkdf2-sha256$100000$+7+qaAsF6DgZLKvAG6ZglQ==$0NXmrwf9UHqv1RX3Sua/ZuwZjAxOUr/3D2+JEX7RMfk=','03e26d660ff8e26c7aac65504c3f28907f77e147205af5f0d1c2d6a15c8015cb',1,NULL,NULL,1796221035729426,1796221035729426,1,0,NULL,0);
CREATE TABLE IF NOT EXISTS "broadcasts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_broadcasts" PRIMARY KEY,
    "StreamId" TEXT NOT NULL,
    "StartTime" INTEGER NOT NULL,
    "EndTime" INTEGER NULL,
    "EndReason" INTEGER NOT NULL,
    "PeakViewers" INTEGER NOT NULL,
    "TotalViewers" INTEGER NOT NULL,
    CONSTRAINT "FK_broadcasts_streams_StreamId" FOREIGN KEY ("StreamId") REFERENCES "streams" ("Id") ON DELETE CASCADE
);
INSERT INTO broadcasts VALUES('bc_56cacef8c3d3','st_44a30388c6d2',1796221034080914,1796221034701761,1,0,0);
CREATE INDEX "IX_broadcasts_StreamId_StartTime_Id" ON "broadcasts" ("StreamId", "StartTime", "Id");
CREATE INDEX "IX_create_requests_CreateTime" ON "create_requests" ("CreateTime");
CREATE INDEX "IX_create_requests_StreamId" ON "create_requests" ("StreamId");
CREATE INDEX "IX_streams_Status" ON "streams" ("Status");
CREATE INDEX "IX_streams_Visibility_CreateTime_Id" ON "streams" ("Visibility", "CreateTime", "Id");
COMMIT;
