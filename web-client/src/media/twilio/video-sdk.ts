// The twilio-video entry point, in a module of its own so the bundler gives the SDK a chunk
// named after it that only the Twilio paths load (see ./sdk.ts).
export { connect } from "twilio-video";
