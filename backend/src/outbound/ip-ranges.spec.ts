import { classifyAddress, ipv6Bytes } from './ip-ranges';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.255.254', 'a loopback address'],
    ['10.1.2.3', 'a private network address'],
    ['172.16.0.1', 'a private network address'],
    ['172.31.255.255', 'a private network address'],
    ['192.168.1.1', 'a private network address'],
    ['100.64.0.1', 'a shared (carrier-grade NAT) address'],
    ['169.254.169.254', 'a link-local address'],
    ['0.0.0.0', 'an unspecified ("this network") address'],
    ['224.0.0.251', 'a multicast address'],
    ['255.255.255.255', 'the broadcast address'],
    ['240.0.0.1', 'a reserved address'],
    ['192.0.2.10', 'a reserved (documentation) address'],
    ['198.18.0.1', 'a reserved (benchmarking) address'],
    ['::1', 'a loopback address'],
    ['::', 'an unspecified address'],
    ['fe80::1%eth0', 'a link-local address'],
    ['fd12:3456::1', 'a unique local (private network) address'],
    ['fc00::1', 'a unique local (private network) address'],
    ['ff02::1', 'a multicast address'],
    ['2001:db8::1', 'a reserved (documentation) address'],
    ['100::1', 'a reserved address'],
  ])('refuses %s as %s', (address, reason) => {
    expect(classifyAddress(address)?.reason).toBe(reason);
  });

  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1', 'a loopback address'],
    ['::ffff:7f00:1', '127.0.0.1', 'a loopback address'],
    ['[::ffff:a9fe:a9fe]', '169.254.169.254', 'a link-local address'],
    ['::10.0.0.1', '10.0.0.1', 'a private network address'],
    ['64:ff9b::7f00:1', '127.0.0.1', 'a loopback address'],
    ['64:ff9b::192.168.0.1', '192.168.0.1', 'a private network address'],
    ['2002:7f00:1::', '127.0.0.1', 'a loopback address'],
  ])('judges %s by the IPv4 address it carries (%s)', (address, embedded, reason) => {
    expect(classifyAddress(address)).toEqual({ reason, embedded });
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.215.14', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4007:80e::200e', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8'])('lets the public address %s through', (address) => {
    expect(classifyAddress(address)).toBeUndefined();
  });

  it('refuses what is not an address', () => {
    expect(classifyAddress('example.com')).toEqual({ reason: 'not an IP address' });
  });

  it('expands IPv6 text to its 16 bytes', () => {
    expect(Buffer.from(ipv6Bytes('1:2::ff')!).toString('hex')).toBe('000100020000000000000000000000ff');
    expect(Buffer.from(ipv6Bytes('::ffff:1.2.3.4')!).toString('hex')).toBe('00000000000000000000ffff01020304');
    expect(Buffer.from(ipv6Bytes('1:2:3:4:5:6:7:8')!).toString('hex')).toBe('00010002000300040005000600070008');
    expect(ipv6Bytes('1.2.3.4')).toBeUndefined();
  });
});
