using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LiveGrpc.Server.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "create_requests",
                columns: table => new
                {
                    KeyHash = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Fingerprint = table.Column<string>(type: "text", nullable: false),
                    StreamId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CreateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_create_requests", x => x.KeyHash);
                });

            migrationBuilder.CreateTable(
                name: "streams",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Title = table.Column<string>(type: "text", nullable: false),
                    TitleSearch = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    Visibility = table.Column<int>(type: "integer", nullable: false),
                    PasscodeHash = table.Column<string>(type: "text", nullable: true),
                    HostSecretHash = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    CurrentBroadcastId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    LastLiveEndTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    ViewerCount = table.Column<int>(type: "integer", nullable: false),
                    PublisherDeadline = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeadlineEndReason = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_streams", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "broadcasts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    StreamId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    StartTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EndTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndReason = table.Column<int>(type: "integer", nullable: false),
                    PeakViewers = table.Column<int>(type: "integer", nullable: false),
                    TotalViewers = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_broadcasts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_broadcasts_streams_StreamId",
                        column: x => x.StreamId,
                        principalTable: "streams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_broadcasts_StreamId_StartTime_Id",
                table: "broadcasts",
                columns: new[] { "StreamId", "StartTime", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_create_requests_CreateTime",
                table: "create_requests",
                column: "CreateTime");

            migrationBuilder.CreateIndex(
                name: "IX_create_requests_StreamId",
                table: "create_requests",
                column: "StreamId");

            migrationBuilder.CreateIndex(
                name: "IX_streams_Status",
                table: "streams",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_streams_Visibility_CreateTime_Id",
                table: "streams",
                columns: new[] { "Visibility", "CreateTime", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "broadcasts");

            migrationBuilder.DropTable(
                name: "create_requests");

            migrationBuilder.DropTable(
                name: "streams");
        }
    }
}
