using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LiveGrpc.Server.Persistence.Migrations.Sqlite
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
                    KeyHash = table.Column<string>(type: "TEXT", nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", nullable: false),
                    StreamId = table.Column<string>(type: "TEXT", nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_create_requests", x => x.KeyHash);
                });

            migrationBuilder.CreateTable(
                name: "streams",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    TitleSearch = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    Visibility = table.Column<int>(type: "INTEGER", nullable: false),
                    PasscodeHash = table.Column<string>(type: "TEXT", nullable: true),
                    HostSecretHash = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CurrentBroadcastId = table.Column<string>(type: "TEXT", nullable: true),
                    LastLiveEndTime = table.Column<long>(type: "INTEGER", nullable: true),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    ViewerCount = table.Column<int>(type: "INTEGER", nullable: false),
                    PublisherDeadline = table.Column<long>(type: "INTEGER", nullable: true),
                    DeadlineEndReason = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_streams", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "broadcasts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    StreamId = table.Column<string>(type: "TEXT", nullable: false),
                    StartTime = table.Column<long>(type: "INTEGER", nullable: false),
                    EndTime = table.Column<long>(type: "INTEGER", nullable: true),
                    EndReason = table.Column<int>(type: "INTEGER", nullable: false),
                    PeakViewers = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalViewers = table.Column<int>(type: "INTEGER", nullable: false)
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
