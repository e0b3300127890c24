import { describe, expect, it } from 'vitest';
import { targetFailureReason } from '@/lib/server/environments/target-failure-reason';

const secret = ['db.internal', '10.0.0.7', '5433', 'hunter2', 'admin'];
const withCode = (code: unknown, message: string) => Object.assign(new Error(message), { code });

describe('targetFailureReason', () => {
  it.each([
    [withCode('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.7:5433'), 'it refused the connection'],
    [withCode('ENOTFOUND', 'getaddrinfo ENOTFOUND db.internal'), 'its host name does not resolve'],
    [withCode('EAI_AGAIN', 'getaddrinfo EAI_AGAIN db.internal'), 'its host name does not resolve'],
    [withCode('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.7:5433'), 'it did not accept a connection in time'],
    [withCode('EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.7:5433'), 'its network cannot be reached'],
    [withCode('ECONNRESET', 'read ECONNRESET'), 'the connection was lost'],
    [new Error('timeout exceeded when trying to connect'), 'it did not accept a connection in time'],
    [new Error('Connection terminated due to connection timeout'), 'it did not accept a connection in time'],
    [new Error('Connection terminated unexpectedly'), 'the connection was lost'],
    [new Error('Client has encountered a connection error and is not queryable'), 'the connection was lost'],
    [
      withCode('57014', 'canceling statement due to statement timeout'),
      'a read did not finish within the read timeout',
    ],
    [withCode('57P01', 'terminating connection due to administrator command'), 'the server is shutting down'],
    [withCode('57P03', 'the database system is starting up'), 'the server is not accepting connections yet'],
    [
      withCode('28P01', 'password authentication failed for user "admin" hunter2'),
      'it refused the credentials',
    ],
    [withCode('3D000', 'database "db.internal" does not exist'), 'the database does not exist'],
    [withCode('53300', 'sorry, too many clients already'), 'it has no free connection slots'],
    [
      withCode('TARGET_TIMEOUT', 'The clone database did not answer within 15000 ms'),
      'a read did not finish within the read timeout',
    ],
    [withCode('TARGET_LOST', 'lost 10.0.0.7:5433'), 'the connection was lost'],
    [withCode('TARGET_UNREACHABLE', 'db.internal:5433 down'), 'it cannot be reached'],
    [withCode('42501', 'permission denied for table admin at 10.0.0.7'), 'a read failed with SQLSTATE 42501'],
    [withCode('10.0.0.7:5433', 'odd code'), 'a read failed'],
    [withCode('toString', 'inherited key'), 'a read failed'],
    [withCode(42, 'numeric code'), 'a read failed'],
    [new Error('some driver text naming db.internal:5433 as admin with hunter2'), 'a read failed'],
    ['a string thrown at 10.0.0.7', 'a read failed'],
    [null, 'a read failed'],
    [undefined, 'a read failed'],
    [{ message: 42 }, 'a read failed'],
  ])('%#: %s gives "%s"', (error, reason) => {
    const said = targetFailureReason(error);
    expect(said).toBe(reason);
    expect(secret.filter((s) => said.includes(s))).toEqual([]);
  });
});
