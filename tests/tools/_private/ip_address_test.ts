import assert from "node:assert/strict";
import { classifyIp, inRange, parseCidr, parseIp } from "../../../src/tools/_private/ip_address.ts";

const classOf = (text: string) => {
  const ip = parseIp(text);
  assert.ok(ip, `"${text}" should parse`);
  return classifyIp(ip);
};

Deno.test("classifyIp() names every non-public range, in IPv4 and IPv6 spellings", () => {
  const table: [string, string][] = [
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["0:0:0:0:0:ffff:7f00:1", "loopback"],
    ["64:ff9b::7f00:1", "loopback"],
    ["2002:7f00:1::", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["fd00:ec2::254", "private"],
    ["fc00::1", "private"],
    ["100.64.0.1", "shared"],
    ["100.100.100.200", "shared"],
    ["169.254.169.254", "link-local"],
    ["::ffff:169.254.169.254", "link-local"],
    ["fe80::1%25eth0", "link-local"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["192.0.0.192", "reserved"],
    ["2001::1", "reserved"],
    ["8.8.8.8", "public"],
    ["172.32.0.1", "public"],
    ["100.128.0.1", "public"],
    ["2606:4700::1111", "public"],
    ["::ffff:8.8.8.8", "public"],
  ];
  for (const [text, expected] of table) assert.equal(classOf(text), expected, text);
});

Deno.test("parseIp() rejects what is not an address", () => {
  for (
    const text of ["", "localhost", "1.2.3", "1.2.3.256", "1:2:3", "1::2::3", "12345::", "g::1"]
  ) {
    assert.equal(parseIp(text), undefined, text);
  }
});

Deno.test("inRange() matches CIDR ranges, IPv4-mapped addresses against IPv4 ranges", () => {
  const range = parseCidr("10.0.0.0/8")!;
  assert.equal(inRange(parseIp("10.200.1.1")!, range), true);
  assert.equal(inRange(parseIp("11.0.0.1")!, range), false);
  assert.equal(inRange(parseIp("::ffff:10.0.0.1")!, range), true);
  assert.equal(inRange(parseIp("fd12::1")!, parseCidr("fd00::/8")!), true);
  assert.equal(inRange(parseIp("127.0.0.1")!, parseCidr("127.0.0.1")!), true);
  assert.equal(parseCidr("10.0.0.0/33"), undefined);
});
